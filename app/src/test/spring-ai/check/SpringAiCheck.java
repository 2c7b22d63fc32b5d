package check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.io.FileSystemResource;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads an exported application.yml unchanged, checks that Spring knows every key in it (each is a property in some
 * jar's spring-configuration-metadata.json), then asks the configured chat model one question. Prints
 * {@code UNKNOWN key} lines and exits 3 for keys nothing binds; prints {@code ANSWER text} on success.
 */
@SpringBootApplication
public class SpringAiCheck {

    public static void main(String[] args) throws Exception {
        var file = args[0];
        var unknown = unknownKeys(file);
        unknown.forEach(key -> System.out.println("UNKNOWN " + key));
        if (!unknown.isEmpty()) {
            System.exit(3);
        }
        var application = new SpringApplication(SpringAiCheck.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // Both starters are on this classpath, where an application has one: the other models are switched off
        // on the command line, so the exported file is loaded as it is.
        try (var context = application.run("--spring.config.location=file:" + file,
                "--spring.ai.model.embedding=none", "--spring.ai.model.image=none", "--spring.ai.model.moderation=none",
                "--spring.ai.model.audio.speech=none", "--spring.ai.model.audio.transcription=none")) {
            var answer = context.getBean(ChatModel.class).call("Say hello.");
            System.out.println("ANSWER " + answer);
        }
    }

    private static Set<String> unknownKeys(String file) throws Exception {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource(file));
        var keys = new TreeSet<String>();
        yaml.getObject().stringPropertyNames().forEach(key -> keys.add(key.replaceAll("\\[\\d+]$", "")));
        var known = new HashSet<String>();
        var mapper = new ObjectMapper();
        for (var url : Collections.list(SpringAiCheck.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (var in = url.openStream()) {
                JsonNode metadata = mapper.readTree(in);
                metadata.path("properties").forEach(property -> known.add(property.path("name").asText()));
            }
        }
        keys.removeIf(known::contains);
        return keys;
    }
}
