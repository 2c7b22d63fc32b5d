package dev.llmdyno.cli;

import dev.llmdyno.profile.Profile;
import dev.llmdyno.tokens.Tokenizer;
import dev.llmdyno.tokens.Tokenizers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

@Command(name = "tokens", description = "Count the tokens of a file or of standard input.")
final class TokensCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup
    Choice choice;

    static final class Choice {
        @Option(names = "--model", paramLabel = "ID", description = "Count with this model's tokenizer (default "
                + Profile.DEFAULT_MODEL + ").")
        String model;

        @Option(names = "--encoding", paramLabel = "NAME", description = "Count with this encoding: cl100k_base, o200k_base, ...")
        String encoding;
    }

    @Option(names = "--json", description = "Print {\"tokens\":N,\"encoding\":\"...\",\"approximate\":false}.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "The text to count; standard input when left out or -.")
    String file;

    @Override
    public Integer call() {
        var tokenizer = tokenizer();
        int tokens = tokenizer.count(Input.text(file, System.in));
        var out = spec.commandLine().getOut();
        if (json) {
            var result = new LinkedHashMap<String, Object>();
            result.put("tokens", tokens);
            result.put("encoding", tokenizer.encodingName());
            result.put("approximate", tokenizer.approximate());
            out.println(Json.write(result).replaceAll("\\s+", ""));
        } else {
            out.println(tokens + " tokens (" + tokenizer.label() + ")");
        }
        return ExitCodes.OK;
    }

    private Tokenizer tokenizer() {
        if (choice != null && choice.encoding != null) {
            try {
                return Tokenizers.forEncoding(choice.encoding);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        var model = choice != null && choice.model != null ? choice.model : Profile.DEFAULT_MODEL;
        return Tokenizers.forModel(Catalogs.load(), model).orElseThrow(() -> new UserError(
                "unknown model '" + model + "'; see 'dyno catalog' for known models, or count with --encoding"));
    }
}
