package io.camelbundle.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Every secret this process knows (configured ones, and tokens as the vendors issue them) and one
 * {@link #mask} that removes each of them, in every encoding it can take on the way back from a vendor (raw,
 * URL-encoded with {@code +} or {@code %20}, JSON-escaped, Base64), from text bound for a log, an exception
 * message, an HTTP error body or a report. Process-wide on purpose: exceptions and log records are built far
 * from CDI, and the log filter ({@link SecretMaskingLogFilter}) needs it too.
 */
public final class Secrets {

    /** What a masked secret is replaced with. */
    public static final String PLACEHOLDER = "****";

    /** Shorter values are not masked: replacing every "ab" would garble the text and protect nothing. */
    static final int MIN_LENGTH = 4;

    /** Tokens obtained at run time that are remembered; the oldest is forgotten beyond this. */
    static final int MAX_ISSUED = 64;

    private static final Set<String> CONFIGURED = new LinkedHashSet<>();
    private static final Map<String, Boolean> ISSUED = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_ISSUED;
        }
    };
    /** Every encoding of every secret, longest first; replaced as a whole on each change, read lock-free. */
    private static volatile List<String> variants = List.of();

    private Secrets() {
    }

    /** A secret from the configuration (client secret, appkey, TZE access token, API keys): kept for good. */
    public static void configured(Collection<String> values) {
        synchronized (Secrets.class) {
            boolean changed = false;
            for (String value : values) {
                changed |= usable(value) && CONFIGURED.add(value.strip());
            }
            if (changed) {
                rebuild();
            }
        }
    }

    /** Configuration keys whose values are secrets; {@code tze.token.params.*} may carry some too. */
    static final List<String> SECRET_KEYS = List.of("om.client-secret", "openapi.appkey", "tze.access-token",
            "tokens.api-keys");

    /**
     * Registers the secrets of {@link #SECRET_KEYS} and the secret-named parameters of token endpoints
     * ({@code tze.token.params.*}, {@code tokens.credentials.<name>.params.*}).
     */
    public static void fromConfig(Config config) {
        List<String> values = new ArrayList<>();
        for (String key : SECRET_KEYS) {
            config.getOptionalValues(key, String.class).ifPresent(values::addAll);
        }
        for (String name : config.getPropertyNames()) {
            // the database's and the broker's passwords (quarkus.datasource.password, .."<name>".password,
            // quarkus.qpid-jms.password), which a driver may quote with its URL
            boolean password = name.endsWith(".password");
            boolean tzeParameter = name.startsWith("tze.token.params.") && secretName(name);
            boolean credentialParameter = name.startsWith("tokens.credentials.") && name.contains(".params.")
                    && secretName(name.substring(name.lastIndexOf('.') + 1));
            if (password || tzeParameter || credentialParameter) {
                config.getOptionalValue(name, String.class).ifPresent(values::add);
            }
        }
        configured(values);
    }

    /**
     * True for a parameter name that says it carries a secret (secret, key, token, password); other
     * parameters (grant_type=client_credentials) are not masked, or every log line would lose those words.
     */
    public static boolean secretName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("secret") || lower.contains("key") || lower.contains("token")
                || lower.contains("password") || lower.contains("pwd");
    }

    /**
     * A token a vendor just issued (an OM or TZE platform access token): kept among the latest ones. A
     * person's oauthToken is not registered (there is one per person, and they would push the platform
     * tokens out); it is masked where it is known, with {@link #mask(String, String...)}.
     */
    public static void issued(String value) {
        if (!usable(value)) {
            return;
        }
        synchronized (Secrets.class) {
            if (ISSUED.put(value, Boolean.TRUE) == null) {
                rebuild();
            }
        }
    }

    /**
     * A value given to a parameter the vendors name as a secret ({@code access_token=..}, {@code "oauthToken":".."}
     * in a URL, form or JSON text), masked whether or not this process knows it: a person's oauthToken, an OAuth
     * code or an openkey is never registered, and a library's debug line quoting a URL would carry it.
     */
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)((?:access_?token|oauth_?token|oauth_?code|openkey|client_?secret|app_?secret|appkey)"
                    + "(?:=|%3D|\"\\s*:\\s*\"))[^&\\s\"'<>]+");

    /**
     * {@code text} with every known secret, in any encoding, and every value of a secret-named parameter
     * replaced by {@value #PLACEHOLDER}.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String variant : variants) {
            if (masked.contains(variant)) {
                masked = masked.replace(variant, PLACEHOLDER);
            }
        }
        return NAMED_SECRET.matcher(masked).replaceAll("$1" + PLACEHOLDER);
    }

    /**
     * {@code text} with each of {@code oneCall} (values of a single call that are not worth remembering
     * process-wide, such as a person's oauthToken or an OAuth code) and every known secret masked, in every
     * encoding.
     */
    public static String mask(String text, String... oneCall) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : oneCall) {
            if (usable(secret)) {
                for (String form : longestFirst(encodings(secret))) {
                    masked = masked.replace(form, PLACEHOLDER);
                }
            }
        }
        return mask(masked);
    }

    /** The encodings in which {@code secret} can come back in a vendor's answer or a URL. */
    static Set<String> encodings(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(lowerHexEscapes(form));
        forms.add(lowerHexEscapes(form.replace("+", "%20")));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        forms.add(base64);
        forms.add(stripPadding(base64));
        forms.add(stripPadding(Base64.getUrlEncoder().encodeToString(bytes)));
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        return forms;
    }

    private static void rebuild() {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : CONFIGURED) {
            all.addAll(encodings(secret));
        }
        for (String secret : ISSUED.keySet()) {
            all.addAll(encodings(secret));
        }
        variants = longestFirst(all);
    }

    /** A longer form first, so a secret inside another secret's encoding does not leave a fragment behind. */
    private static List<String> longestFirst(Collection<String> forms) {
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(sorted);
    }

    private static boolean usable(String value) {
        return value != null && value.strip().length() >= MIN_LENGTH;
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    private static String lowerHexEscapes(String urlEncoded) {
        StringBuilder out = new StringBuilder(urlEncoded.length());
        for (int i = 0; i < urlEncoded.length(); i++) {
            char c = urlEncoded.charAt(i);
            out.append(c);
            if (c == '%' && i + 2 < urlEncoded.length()) {
                out.append(Character.toLowerCase(urlEncoded.charAt(i + 1)))
                        .append(Character.toLowerCase(urlEncoded.charAt(i + 2)));
                i += 2;
            }
        }
        return out.toString();
    }
}
