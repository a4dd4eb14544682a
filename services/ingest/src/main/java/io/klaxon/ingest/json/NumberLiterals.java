package io.klaxon.ingest.json;

/**
 * Tells when a JSON number's literal is already the text the tree gives for it, so that a reader can
 * take the literal instead of building the tree's number node and printing it. The tree holds an
 * integer as {@code Integer}, {@code Long} or {@code BigInteger} and a decimal as {@code Double}, and
 * {@link Json#text} prints it with {@code toString}: {@code 300} stays {@code 300}, {@code 1.0} stays
 * {@code 1.0}, but {@code -0} becomes {@code 0}, {@code 1.50} becomes {@code 1.5} and {@code 1e2}
 * becomes {@code 100.0}. Only the literals that certainly print as themselves answer true; any other
 * goes through the tree as before. Parsing and printing {@code 1.0} was about a tenth of the time to
 * read an alarm message (docs/benchmarks.md, fourth round).
 */
public final class NumberLiterals {

    /** Longer literals go through the tree, whose parser checks its own length limits. */
    private static final int MAX_INTEGER_DIGITS = 18;
    /** Decimals with at most 15 significant digits map to distinct doubles, so the shortest print is the literal. */
    private static final int MAX_SIGNIFICANT_DIGITS = 15;
    /** {@code Double.toString} prints plain notation from 10^-3 up to (not including) 10^7. */
    private static final int MAX_WHOLE_DIGITS = 7;
    private static final int MAX_LEADING_FRACTION_ZEROS = 2;

    private NumberLiterals() {
    }

    /** True when the integer literal (a JSON integer, as the parser read it) prints as itself. */
    public static boolean integerPrintsAsItself(String literal) {
        int n = literal.length();
        int start = n > 0 && literal.charAt(0) == '-' ? 1 : 0;
        if (n == start || n - start > MAX_INTEGER_DIGITS) {
            return false;
        }
        // "-0" is the integer 0, printed "0"; JSON allows no other leading zero.
        if (start == 1 && literal.charAt(1) == '0') {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the decimal literal (a JSON number with a fraction or exponent, as the parser read it)
     * is what {@code Double.toString} prints for its value: plain notation, no exponent, a fraction
     * without trailing zeros (or exactly {@code .0}), at most 15 significant digits, and a magnitude
     * that {@code Double.toString} prints plainly.
     */
    public static boolean decimalPrintsAsItself(String literal) {
        int n = literal.length();
        int i = n > 0 && literal.charAt(0) == '-' ? 1 : 0;
        int wholeStart = i;
        while (i < n && isDigit(literal.charAt(i))) {
            i++;
        }
        int wholeDigits = i - wholeStart;
        if (wholeDigits == 0 || wholeDigits > MAX_WHOLE_DIGITS || i >= n || literal.charAt(i) != '.') {
            return false;
        }
        boolean zeroWhole = wholeDigits == 1 && literal.charAt(wholeStart) == '0';
        if (!zeroWhole && literal.charAt(wholeStart) == '0') {
            return false;
        }
        int fractionStart = ++i;
        while (i < n && isDigit(literal.charAt(i))) {
            i++;
        }
        int fractionDigits = i - fractionStart;
        if (i != n || fractionDigits == 0) {
            return false;
        }
        if (fractionDigits > 1 && literal.charAt(n - 1) == '0') {
            return false;
        }
        if (!zeroWhole) {
            return wholeDigits + fractionDigits <= MAX_SIGNIFICANT_DIGITS;
        }
        // 0.x: the value is zero ("0.0"), or its first significant digit decides the magnitude.
        if (fractionDigits == 1 && literal.charAt(fractionStart) == '0') {
            return true;
        }
        int zeros = 0;
        while (literal.charAt(fractionStart + zeros) == '0') {
            zeros++;
        }
        return zeros <= MAX_LEADING_FRACTION_ZEROS && fractionDigits - zeros <= MAX_SIGNIFICANT_DIGITS;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
