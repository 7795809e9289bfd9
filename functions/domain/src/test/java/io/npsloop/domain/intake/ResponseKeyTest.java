package io.npsloop.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseKeyTest {

    @Test
    void theValueReadsBackAsTheSameKeyEvenWithColonsInTheId() {
        var key = new ResponseKey("typeform", "tok:with:colons#and#hashes");

        assertThat(ResponseKey.fromValue(key.value())).contains(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-colon", ":id", "source:", " :id", "source: "})
    void anythingElseIsNotAKey(String value) {
        assertThat(ResponseKey.fromValue(value)).isEmpty();
    }

    @Test
    void nullIsNotAKey() {
        assertThat(ResponseKey.fromValue(null)).isEmpty();
    }

    @Test
    void aCaseIdReadsTheSameEncodedOrNotAndKeepsItsPlus() {
        var key = new ResponseKey("generic", "r+1 x");

        assertThat(ResponseKey.fromCaseId("generic:r+1 x")).contains(key);
        assertThat(ResponseKey.fromCaseId("generic%3Ar%2B1%20x")).contains(key);
        assertThat(ResponseKey.fromCaseId("generic:r+1%20x")).contains(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-colon", "generic%3A", "generic:%zz", ":id"})
    void aCaseIdThatNamesNoCaseIsEmpty(String caseId) {
        assertThat(ResponseKey.fromCaseId(caseId)).isEmpty();
    }

    @Test
    void aCaseIdTooLongOrNullNamesNoCase() {
        assertThat(ResponseKey.fromCaseId("generic:" + "r".repeat(252))).isPresent();
        assertThat(ResponseKey.fromCaseId("generic:" + "r".repeat(253))).isEmpty();
        assertThat(ResponseKey.fromCaseId(null)).isEmpty();
    }
}
