package io.camelbundle.om.filedrop;

import java.util.Map;

/**
 * A record as read from the file, not yet checked: for CSV every value is a String under the canonical
 * header name ({@link OmField#canonicalHeader(String)}); for JSON Lines the values are as Jackson reads
 * them (String, Integer, Long, BigInteger, BigDecimal for every number with a fraction or exponent, Boolean,
 * null, Map, List). Unknown names are kept; {@link OmEventNormalizer} drops and counts them.
 *
 * @param position see {@link ReadResult#position()}
 * @param line     see {@link ReadResult#line()}
 * @param fields   field name to value, in file order
 */
public record RawRecord(long position, long line, Map<String, Object> fields) implements ReadResult {
}
