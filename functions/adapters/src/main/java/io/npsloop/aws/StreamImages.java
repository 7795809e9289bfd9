package io.npsloop.aws;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/** Turns a stream image in the Lambda event's model into the SDK's, which the item mapping reads. */
public final class StreamImages {

    private StreamImages() {}

    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        var converted = new LinkedHashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
        if (image != null) {
            image.forEach((name, value) -> converted.put(name, toSdk(value)));
        }
        return converted;
    }

    public static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value.getS() != null) {
            sdk.s(value.getS());
        } else if (value.getN() != null) {
            sdk.n(value.getN());
        } else if (value.getB() != null) {
            sdk.b(SdkBytes.fromByteBuffer(value.getB()));
        } else if (value.getSS() != null) {
            sdk.ss(value.getSS());
        } else if (value.getNS() != null) {
            sdk.ns(value.getNS());
        } else if (value.getBS() != null) {
            sdk.bs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        } else if (value.getM() != null) {
            sdk.m(toSdk(value.getM()));
        } else if (value.getL() != null) {
            sdk.l(toSdkList(value.getL()));
        } else if (value.getBOOL() != null) {
            sdk.bool(value.getBOOL());
        } else {
            sdk.nul(true);
        }
        return sdk.build();
    }

    private static List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdkList(List<AttributeValue> values) {
        return values.stream().map(StreamImages::toSdk).toList();
    }
}
