package dev.llmdyno.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;

/**
 * The one Jackson configuration for everything people write by hand (profiles, plans, catalogs, simulator
 * configs): strict, so a typo is an error rather than a silently ignored field.
 */
public final class Mappers {

    public enum Format {
        JSON, YAML;

        /** By file extension: {@code .yaml}/{@code .yml} are YAML, everything else JSON. */
        public static Format of(Path path) {
            var name = path.getFileName().toString().toLowerCase();
            return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        }
    }

    // Decimals are written out plainly (0.0000001, not 1E-7): YAML 1.1 readers such as PyYAML take "1E-7" for a string.
    private static final ObjectMapper JSON = configure(JsonMapper.builder()
            .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build());

    private Mappers() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** JSON on one line, as a node's {@code toString} writes it: request bodies, files read by other programs. */
    public static com.fasterxml.jackson.databind.ObjectWriter compactJson() {
        return COMPACT;
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT =
            JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

    public static ObjectMapper yaml() {
        return YAML;
    }

    public static ObjectMapper forFormat(Format format) {
        return format == Format.YAML ? YAML : JSON;
    }
}
