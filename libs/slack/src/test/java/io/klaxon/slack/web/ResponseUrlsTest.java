package io.klaxon.slack.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import org.junit.jupiter.api.Test;

class ResponseUrlsTest {

    private final Slack slack = Slack.getInstance();

    @Test
    void allows_shouldTakeOnlySlacksHooks_whenTalkingToSlackItself() {
        // GIVEN
        ResponseUrls urls = new ResponseUrls(slack, "https://slack.com/api/");

        // WHEN / THEN
        assertThat(urls.allows("https://hooks.slack.com/actions/T0/123/abc")).isTrue();
        assertThat(urls.allows("https://HOOKS.SLACK.COM/actions/T0/123/abc")).isTrue();
        assertThat(urls.allows("http://hooks.slack.com/actions/T0/123/abc")).as("plain http").isFalse();
        assertThat(urls.allows("https://hooks.slack.com:8443/actions/x")).as("another port").isFalse();
        assertThat(urls.allows("https://hooks.slack.com.evil.example/actions/x")).isFalse();
        assertThat(urls.allows("https://user@hooks.slack.com/actions/x")).isFalse();
        assertThat(urls.allows("http://169.254.169.254/latest/meta-data/")).isFalse();
        assertThat(urls.allows("not a url")).isFalse();
        assertThat(urls.allows(null)).isFalse();
    }

    @Test
    void allows_shouldAlsoTakeTheConfiguredServersOrigin_whenSlackIsACompatibleServer() {
        // GIVEN SLACK_API_URL points at a Slack-compatible server (the stub in tests)
        ResponseUrls urls = new ResponseUrls(slack, "http://127.0.0.1:4567/api/");

        // WHEN / THEN its origin is allowed, other ports on the same host are not
        assertThat(urls.allows("http://127.0.0.1:4567/response/click-1")).isTrue();
        assertThat(urls.allows("http://127.0.0.1:4568/response/click-1")).isFalse();
        assertThat(urls.allows("https://hooks.slack.com/actions/T0/123/abc")).isTrue();
    }
}
