package io.olimpus.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, defect 6: a server failure reads true and says what to do. The old words repeated the
 * server's sentence inside their own ("The server failed (the server failed; ...); tell your
 * teacher incident ...") and never said what the id is for or what the student can try.
 */
class ServerFailureWordsTest {
    static final String BODY = "{\"type\":\"https://olimpus.io/problems/internal-error\",\"status\":500,"
            + "\"detail\":\"the server failed; the administrator can find incident 3f2a-77 in its log\",\"incident\":\"3f2a-77\"}";

    @Test
    void anInternalErrorSaysWhatFailedWhatToTryAndWhatTheIncidentIdIsFor() {
        try (OlimpusClient c = OlimpusClient.connect("http://127.0.0.1:9")) {
            ClientException e = c.problem(500, BODY, false, OlimpusClient.doing("POST", "/api/v1/slices/12/deploy"));
            assertThat(e.kind()).isEqualTo(ClientException.Kind.SERVER);
            assertThat(e.getMessage())
                    .startsWith("The server hit an internal error while deploying the slice and did not finish it.")
                    .contains("Try again")
                    .contains("incident id 3f2a-77: it lets them find the error in the server log")
                    .doesNotContain("The server failed (the server failed");
        }
    }

    @Test
    void aFailureWithoutAnIncidentNamesTheStatusAndWhatToDo() {
        try (OlimpusClient c = OlimpusClient.connect("http://127.0.0.1:9")) {
            ClientException e = c.problem(503, "", false, OlimpusClient.doing("PUT", "/api/v1/slices/12"));
            assertThat(e.getMessage()).isEqualTo("The server could not finish saving the slice (HTTP 503). Try again in a moment;"
                    + " if it keeps failing, tell your teacher or the server's administrator.");
        }
    }

    @Test
    void requestsAreNamedInAStudentsWords() {
        assertThat(OlimpusClient.doing("POST", "/api/v1/slices/3/undeploy")).isEqualTo("undeploying the slice");
        assertThat(OlimpusClient.doing("POST", "/api/v1/slices")).isEqualTo("saving the slice");
        assertThat(OlimpusClient.doing("GET", "/api/v1/slices/3/plan")).isEqualTo("planning the slice");
        assertThat(OlimpusClient.doing("GET", "/api/v1/zones")).isEqualTo("reading from the server");
    }
}
