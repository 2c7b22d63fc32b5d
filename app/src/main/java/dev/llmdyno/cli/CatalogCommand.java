package dev.llmdyno.cli;

import dev.llmdyno.catalog.ModelInfo;
import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "catalog", description = "List the known models with context windows and prices (USD per 1M tokens).")
final class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tier", paramLabel = "TIER", description = "Only this tier: fast, balanced or quality.")
    String tier;

    @Option(names = "--json", description = "Print the entries as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Tier filter;
        try {
            filter = tier == null ? null : Tier.fromId(tier);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        var models = Catalogs.load().models(filter);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(models));
            return ExitCodes.OK;
        }
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("MODEL", "PROVIDER", "TIER", "CONTEXT", "MAX OUT", "IN $/1M", "CACHED $/1M", "WRITE $/1M", "OUT $/1M",
                "TOKENIZER", "PRICES AS OF"));
        for (var model : models) {
            rows.add(row(model));
        }
        out.print(TextTable.render(rows));
        out.println("~ approximate: no public tokenizer, counted with the nearest encoding");
        return ExitCodes.OK;
    }

    private static List<String> row(ModelInfo model) {
        var price = model.price();
        return List.of(model.id(), nullToDash(model.provider()), model.tier() == null ? "-" : model.tier().id(),
                number(model.contextWindow()), number(model.maxOutputTokens()),
                price == null ? "unknown" : dollars(price.input()),
                price == null ? "unknown" : dollars(price.cachedInputOrInput()),
                price == null ? "unknown" : dollars(price.cacheWriteOrInput()),
                price == null ? "unknown" : dollars(price.output()),
                (model.encoding() == null ? "cl100k_base" : model.encoding()) + (model.approximate() ? " ~" : ""),
                nullToDash(model.asOf()));
    }

    /** At least two decimals, more where the price has them: 0.25, 1.00, 0.025. */
    private static String dollars(double value) {
        var plain = Numbers.format(value);
        int decimals = plain.contains(".") ? plain.length() - plain.indexOf('.') - 1 : 0;
        return decimals >= 2 ? plain : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private static String number(Integer value) {
        return value == null ? "-" : String.format("%,d", value);
    }

    private static String nullToDash(String text) {
        return text == null ? "-" : text;
    }
}
