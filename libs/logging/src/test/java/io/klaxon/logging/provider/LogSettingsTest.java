package io.klaxon.logging.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogSettingsTest {

    @Test
    void from_shouldLogJsonAtInfo_whenNothingIsSet() {
        LogSettings settings = LogSettings.from(Map.of());
        assertThat(settings.threshold()).isEqualTo(Level.INFO);
        assertThat(settings.format()).isEqualTo(LogSettings.Format.JSON);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void from_shouldPreferLambdasLevel_whenBothVariablesAreSet() {
        // GIVEN ApplicationLogLevel=ERROR on the function and a developer's KLAXON_LOG_LEVEL
        LogSettings settings = LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "ERROR", "KLAXON_LOG_LEVEL", "debug"));
        // THEN the deployment's setting wins
        assertThat(settings.threshold()).isEqualTo(Level.ERROR);
    }

    @Test
    void from_shouldReadKlaxonsLevelAndTextFormat_whenLambdaSetsNoLevel() {
        LogSettings settings = LogSettings.from(Map.of("KLAXON_LOG_LEVEL", " warn ", "KLAXON_LOG_FORMAT", "TEXT"));
        assertThat(settings.threshold()).isEqualTo(Level.WARN);
        assertThat(settings.format()).isEqualTo(LogSettings.Format.TEXT);
    }

    @Test
    void from_shouldTreatFatalAsError_whenLambdaAsksForFatal() {
        assertThat(LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL")).threshold()).isEqualTo(Level.ERROR);
    }

    @Test
    void from_shouldSayWhatIsWrongAndKeepDefaults_whenAValueIsUnknown() {
        // GIVEN a typo in both variables
        LogSettings settings = LogSettings.from(Map.of("KLAXON_LOG_LEVEL", "verbose", "KLAXON_LOG_FORMAT", "yaml"));
        // THEN logging still works, at the defaults, and each problem is a sentence naming the variable
        assertThat(settings.threshold()).isEqualTo(Level.INFO);
        assertThat(settings.format()).isEqualTo(LogSettings.Format.JSON);
        assertThat(settings.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("KLAXON_LOG_LEVEL").contains("'verbose'"))
                .anySatisfy(p -> assertThat(p).contains("KLAXON_LOG_FORMAT").contains("'yaml'"));
    }

    @Test
    void thresholdFor_shouldQuietFrameworks_unlessDebugIsAsked() {
        LogSettings info = LogSettings.from(Map.of());
        assertThat(info.thresholdFor("io.micronaut.context.DefaultBeanContext")).isEqualTo(Level.WARN);
        assertThat(info.thresholdFor("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
        assertThat(info.thresholdFor("io.micronautish.Other")).isEqualTo(Level.INFO);
        assertThat(info.thresholdFor("io.klaxon.notify.NotifyService")).isEqualTo(Level.INFO);

        LogSettings debug = LogSettings.from(Map.of("KLAXON_LOG_LEVEL", "DEBUG"));
        assertThat(debug.thresholdFor("io.micronaut.context.DefaultBeanContext")).isEqualTo(Level.DEBUG);

        LogSettings error = LogSettings.from(Map.of("KLAXON_LOG_LEVEL", "ERROR"));
        assertThat(error.thresholdFor("io.micronaut.context.DefaultBeanContext")).isEqualTo(Level.ERROR);
    }
}
