package dev.llmdyno.export;

import dev.llmdyno.catalog.Catalog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every export target and import format, by id. */
public final class Exporters {

    private final List<Exporter> exporters;
    private final List<Importer> importers;

    public Exporters(Catalog catalog) {
        var litellm = new LiteLlm(catalog);
        var portkey = new Portkey();
        var profile = new NativeProfile();
        // LiteLLM, Portkey and the balancers carry routing, the native profile everything; the others call one endpoint.
        this.exporters = List.of(litellm, portkey, new RoutingNotCarried(new OpenAiPython()),
                new RoutingNotCarried(new OpenAiNode()), new RoutingNotCarried(new SpringAi(SpringAi.Line.TWO)),
                new RoutingNotCarried(new SpringAi(SpringAi.Line.ONE)), new RoutingNotCarried(new DotEnv()),
                new RoutingNotCarried(new Curl()), new Nginx(), new HaProxy(), profile);
        this.importers = List.of(litellm, portkey, profile);
    }

    public List<Exporter> exporters() {
        return exporters;
    }

    public Optional<Exporter> exporter(String id) {
        return exporters.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public Optional<Importer> importer(String id) {
        return importers.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public String exporterIds() {
        return exporters.stream().map(Exporter::id).collect(Collectors.joining(", "));
    }

    public String importerIds() {
        return importers.stream().map(Importer::id).collect(Collectors.joining(", "));
    }

    /** The import format a file most likely is: Portkey JSON, a LiteLLM config, or a profile. */
    public Importer guess(String fileName, String text) {
        var lower = fileName.toLowerCase();
        if (text.contains("model_list")) {
            return importer("litellm").orElseThrow();
        }
        if (lower.endsWith(".json") && (text.contains("\"targets\"") || text.contains("\"override_params\""))) {
            return importer("portkey").orElseThrow();
        }
        return importer("profile").orElseThrow();
    }
}
