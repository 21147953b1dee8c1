<?php
// Writes what tool_dataflows exports after importing a hand-written definition: each step's config and vars are
// stored as YAML text (dumped) and read back (parsed) as the plugin does, the dataflow's config fields come back from
// its database as text, and the tree is dumped with Symfony Yaml 4.4 as the plugin's export does (inline level 5,
// indentation 2, multi-line literal blocks, objects as maps).
//   git clone --branch v4.4.45 https://github.com/symfony/yaml /tmp/symfony-yaml
//   for f in basic cron expressions; do SYMFONY_YAML=/tmp/symfony-yaml php export.php handwritten-$f.yml > export-$f.yml; done
spl_autoload_register(function ($c) {
    $p = 'Symfony\\Component\\Yaml\\';
    if (strpos($c, $p) === 0) {
        require getenv('SYMFONY_YAML') . '/' . str_replace('\\', '/', substr($c, strlen($p))) . '.php';
    }
});
if (!function_exists('trigger_deprecation')) {
    function trigger_deprecation() {}
}
use Symfony\Component\Yaml\Yaml;

const FLAGS = Yaml::DUMP_MULTI_LINE_LITERAL_BLOCK;

/** Dumped to text and parsed back, as a stored config or vars field is; null when empty. */
function stored($value) {
    if (!isset($value)) {
        return null;
    }
    $back = Yaml::parse(Yaml::dump($value, 5, 2, FLAGS), Yaml::PARSE_OBJECT_FOR_MAP);
    return empty((array) $back) ? null : $back;
}

$in = Yaml::parse(file_get_contents($argv[1]));
$out = ['name' => $in['name'] ?? ''];
if (($in['description'] ?? '') !== '') {
    $out['description'] = $in['description'];
}
$vars = stored(isset($in['vars']) ? (array) $in['vars'] : null);
if ($vars !== null) {
    $out['vars'] = $vars;
}
$config = $in['config'] ?? [];
$out['config'] = (object) [
    'enabled' => (string) (int) ($config['enabled'] ?? 0),
    'concurrencyenabled' => (string) (int) ($config['concurrencyenabled'] ?? 0),
    'loghandlers' => (string) ($config['loghandlers'] ?? ''),
];
foreach ($in['steps'] ?? [] as $alias => $step) {
    $s = ['name' => $step['name'] ?? $alias];
    if (($step['description'] ?? '') !== '') {
        $s['description'] = $step['description'];
    }
    if (!empty($step['depends_on'])) {
        $s['depends_on'] = $step['depends_on'];
    }
    $s['type'] = $step['type'];
    $stepconfig = stored($step['config'] ?? null);
    if ($stepconfig !== null) {
        $s['config'] = $stepconfig;
    }
    $stepvars = empty($step['vars']) ? null : stored($step['vars']);
    if ($stepvars !== null) {
        $s['vars'] = $stepvars;
    }
    $out['steps'][$alias] = $s;
}
echo Yaml::dump($out, 5, 2, FLAGS | Yaml::DUMP_OBJECT_AS_MAP);
