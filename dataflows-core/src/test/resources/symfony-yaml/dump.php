<?php
// Writes expected.txt: Symfony Yaml 4.4's dump of every case in cases.json, called as tool_dataflows exports
// (inline level 5, indentation 2, multi-line literal blocks, objects as maps).
//   git clone --branch v4.4.45 https://github.com/symfony/yaml /tmp/symfony-yaml
//   SYMFONY_YAML=/tmp/symfony-yaml php dump.php < cases.json > expected.txt
spl_autoload_register(function ($c) {
    $p = 'Symfony\\Component\\Yaml\\';
    if (strpos($c, $p) === 0) {
        require getenv('SYMFONY_YAML') . '/' . str_replace('\\', '/', substr($c, strlen($p))) . '.php';
    }
});
use Symfony\Component\Yaml\Yaml;
$flags = Yaml::DUMP_MULTI_LINE_LITERAL_BLOCK | Yaml::DUMP_OBJECT_AS_MAP;
$cases = json_decode(file_get_contents('php://stdin'), false); // JSON objects become stdClass: maps, as exported
foreach ($cases as $name => $value) {
    echo "=== $name\n", Yaml::dump($value, 5, 2, $flags), "\n=== end\n";
}
