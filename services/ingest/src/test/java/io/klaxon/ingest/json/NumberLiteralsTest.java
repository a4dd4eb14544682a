package io.klaxon.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NumberLiterals} may say "prints as itself" only when the tree really prints the literal as it
 * is ({@code Json.text} of the parsed number), and should say so for the plain literals alarms carry.
 */
class NumberLiteralsTest {

    @Test
    void printsAsItself_shouldBeTrueOnlyWhenTheTreePrintsTheLiteral_whenGivenEdgeAndRandomLiterals() throws IOException {
        // GIVEN edge cases and random literals of every shape: signs, zeros, trailing zeros, exponents,
        // lengths around the limits, magnitudes around 10^-3 and 10^7
        List<String> literals = new ArrayList<>(List.of("0", "-0", "7", "-7", "300", "123456789012345678",
                "1234567890123456789", "-123456789012345678", "0.0", "-0.0", "0.5", "0.05", "0.005", "0.0005",
                "0.001", "0.0001", "0.00", "1.0", "1.00", "1.5", "1.50", "10.0", "100.0", "1234567.0", "9999999.5",
                "10000000.0", "12345678.5", "9999999.99999999", "999999.999999999", "9999999.999999999",
                "0.123456789012345", "0.1234567890123456", "0.30000000000000004", "0.1", "0.2", "0.3", "1e2",
                "1.0E2", "1.5e-7", "-1.25", "-0.001", "-0.0001", "5e-324", "1.7976931348623157E308"));
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            literals.add(randomLiteral(random));
        }
        int taken = 0;
        for (String literal : literals) {
            // WHEN the tree parses and prints it
            JsonNode node = Json.parse(literal);
            String printed = Json.text(node);
            boolean integer = node.isNumber() && !literal.contains(".") && !literal.contains("e")
                    && !literal.contains("E");
            boolean claimed = integer ? NumberLiterals.integerPrintsAsItself(literal)
                    : NumberLiterals.decimalPrintsAsItself(literal);

            // THEN whatever is claimed to print as itself does
            if (claimed) {
                taken++;
                assertThat(printed).as("tree print of %s", literal).isEqualTo(literal);
            }
        }
        assertThat(taken).as("literals taken as they are").isGreaterThan(5_000);
        // AND the literals alarms carry are taken
        assertThat(NumberLiterals.integerPrintsAsItself("300")).isTrue();
        assertThat(NumberLiterals.decimalPrintsAsItself("1.0")).isTrue();
        assertThat(NumberLiterals.decimalPrintsAsItself("99.5")).isTrue();
        assertThat(NumberLiterals.integerPrintsAsItself("-0")).isFalse();
        assertThat(NumberLiterals.decimalPrintsAsItself("1.50")).isFalse();
        assertThat(NumberLiterals.decimalPrintsAsItself("0.0001")).isFalse();
        assertThat(NumberLiterals.decimalPrintsAsItself("10000000.0")).isFalse();
    }

    private static String randomLiteral(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(4) == 0) {
            out.append('-');
        }
        int whole = random.nextInt(10);
        out.append(whole == 0 ? "0" : digits(random, whole, true));
        int kind = random.nextInt(5);
        if (kind > 0) {
            out.append('.');
            int zeros = random.nextInt(4);
            out.append("0".repeat(zeros)).append(digits(random, 1 + random.nextInt(14), false));
            if (kind == 4) {
                out.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(20) - 10);
            }
        }
        return out.toString();
    }

    private static String digits(Random random, int count, boolean nonZeroFirst) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + (i == 0 && nonZeroFirst ? 1 + random.nextInt(9) : random.nextInt(10))));
        }
        return out.toString();
    }
}
