package io.camelbundle.support;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * A list element without the blanks around it: {@code tokens.api-keys=k1, k2} means {@code k2}, not
 * {@code " k2"}. SmallRye splits a list at commas but keeps the spaces after them, so an API key written after
 * ", " was never accepted and an answer code after ", " never matched.
 */
public class Trimmed implements Converter<String> {

    @Override
    public String convert(String value) {
        return value == null ? null : value.strip();
    }
}
