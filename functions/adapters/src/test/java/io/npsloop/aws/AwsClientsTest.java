package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

    @Test
    void signedCallsGoToTheServicesRegionalEndpointUnlessOneIsSet() {
        var aws = new AwsClients(new Settings(Map.of("AWS_REGION", "eu-west-1")));
        var china = new AwsClients(new Settings(Map.of("AWS_REGION", "cn-north-1")));
        var local = new AwsClients(new Settings(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:5000")));

        assertThat(aws.jsonCalls("SSM", "ssm", "AmazonSSM").endpoint()).hasToString("https://ssm.eu-west-1.amazonaws.com");
        assertThat(china.jsonCalls("SSM", "ssm", "AmazonSSM").endpoint()).hasToString("https://ssm.cn-north-1.amazonaws.com.cn");
        assertThat(local.jsonCalls("SSM", "ssm", "AmazonSSM").endpoint()).hasToString("http://127.0.0.1:5000");
    }
}
