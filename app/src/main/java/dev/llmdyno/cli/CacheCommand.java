package dev.llmdyno.cli;

import dev.llmdyno.call.SecretResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "cache", description = "Work with the response cache.", subcommands = CacheCommand.Clear.class)
final class CacheCommand {

    @Command(name = "clear", description = "Forget the answers kept in a profile's cache namespace: on its Redis, or "
            + "in memory and on disk here.")
    static final class Clear implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROFILE", description = "The profile whose levers.cache says which cache.")
        Path file;

        @Override
        public Integer call() {
            var catalog = Catalogs.load();
            var profile = ProfileFiles.read(file, catalog);
            var cache = profile.levers().cache();
            try (var engine = Engines.standard(catalog)) {
                long removed = engine.clearCache(profile);
                spec.commandLine().getOut().println("cleared " + removed + (removed == 1 ? " answer" : " answers") + " from namespace " + cache.namespace()
                        + (cache.redis() != null ? " on " + cache.redis().url() : " on this machine"));
                return ExitCodes.OK;
            } catch (SecretResolver.MissingSecretException e) {
                throw new UserError("levers.cache.redis.passwordRef: " + e.getMessage());
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                throw new UserError("cannot reach the cache at " + cache.redis().url() + ": " + e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
