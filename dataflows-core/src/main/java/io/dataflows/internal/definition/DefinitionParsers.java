package io.dataflows.internal.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The YAML and JSON parsers of definitions, with every limit set explicitly rather than left to the libraries'
 * defaults (which differ between YAML and JSON and change between versions). What a parser does not enforce for
 * both formats, {@link DefinitionReader} checks itself.
 */
final class DefinitionParsers {

    /** The deepest nesting of maps and lists; flows need a handful of levels. */
    static final int MAX_DEPTH = 100;
    /** The most tokens (keys, scalars, starts and ends of maps and lists) in one definition. */
    static final int MAX_TOKENS = 1_000_000;
    /** The longest text value or key, in characters. */
    static final int MAX_TEXT_LENGTH = 1024 * 1024;
    /**
     * The longest line of YAML, in characters. SnakeYAML looks ahead within a line (a word, a comment, a run of
     * spaces) by copying its buffer for every 1024 characters it reads ahead, so its time grows with the square of
     * the line: one line of 16 MiB took minutes, 16 MiB in lines of 64 KiB takes a fraction of a second. JSON has
     * no such limit.
     */
    static final int MAX_YAML_LINE = 64 * 1024;
    /** The longest number, in characters. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final DefinitionParsers DEFAULT = new DefinitionParsers(DefinitionFile.DEFAULT_MAX_SIZE);

    final YAMLFactory yaml;
    final JsonFactory json;

    private DefinitionParsers(long maxSize) {
        int maxChars = (int) Math.min(Integer.MAX_VALUE, maxSize);
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxTokenCount(MAX_TOKENS)
                // Texts and keys longer than MAX_TEXT_LENGTH are refused by DefinitionReader, for both formats
                // alike; the parser's own limit only has to stay out of the way.
                .maxStringLength(Math.max(maxChars, MAX_TEXT_LENGTH + 1))
                .maxNameLength(Math.max(maxChars, MAX_TEXT_LENGTH + 1))
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(maxSize)
                .build();
        LoaderOptions loader = new LoaderOptions();
        // SnakeYAML refuses documents over its own limit (3 MB by default): make it the definition limit.
        loader.setCodePointLimit(maxChars);
        // yes, no, on, off (and y, n) are text, as in YAML 1.2 and in Symfony YAML, which tool_dataflows reads its
        // definitions with; YAML 1.1 made them booleans. Configuration flags still accept them as text.
        this.yaml = YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();
        this.json = JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** Parsers for definitions of at most {@code maxSize} characters. */
    static DefinitionParsers forMaxSize(long maxSize) {
        return maxSize == DefinitionFile.DEFAULT_MAX_SIZE ? DEFAULT : new DefinitionParsers(maxSize);
    }
}
