package dev.llmdyno.call;

import okhttp3.tls.HandshakeCertificates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Certificate authorities trusted besides the system's: a company proxy's, a private gateway's. Named by the
 * environment variable {@value #VARIABLE}, a PEM file of one or more certificates (as {@code SSL_CERT_FILE} is for
 * other tools, but added to the system's trust instead of replacing it).
 */
public final class TrustedCertificates {

    public static final String VARIABLE = "LLM_DYNO_CA_FILE";

    private final List<X509Certificate> extra;

    private TrustedCertificates(List<X509Certificate> extra) {
        this.extra = List.copyOf(extra);
    }

    public static TrustedCertificates system() {
        return new TrustedCertificates(List.of());
    }

    /** The system's authorities plus those in the file {@value #VARIABLE} names, if set. */
    public static TrustedCertificates fromEnvironment(Map<String, String> environment) {
        var file = environment.get(VARIABLE);
        return file == null || file.isBlank() ? system() : fromFile(Path.of(file));
    }

    /** The system's authorities plus those in a PEM file; a file that cannot be read is an error naming it. */
    public static TrustedCertificates fromFile(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(VARIABLE + "=" + pem + ": no PEM certificate in the file");
            }
            return new TrustedCertificates(certificates);
        } catch (IOException e) {
            throw new UncheckedIOException(VARIABLE + "=" + pem + ": cannot read the file (" + e.getMessage() + ")", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(VARIABLE + "=" + pem + ": not a PEM certificate file ("
                    + e.getMessage() + ")", e);
        }
    }

    boolean isSystem() {
        return extra.isEmpty();
    }

    /** The handshake set-up: the platform's authorities and the extra ones. */
    HandshakeCertificates handshake() {
        var builder = new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
        extra.forEach(builder::addTrustedCertificate);
        return builder.build();
    }
}
