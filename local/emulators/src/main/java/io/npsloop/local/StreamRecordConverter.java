package io.npsloop.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Turns DynamoDB Streams records from the SDK into the records Lambda hands to a function. */
public final class StreamRecordConverter {

    private StreamRecordConverter() {
    }

    public static DynamodbEvent.DynamodbStreamRecord toLambdaRecord(Record record, String eventSourceArn) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion(record.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(record.awsRegion());
        out.setEventSourceARN(eventSourceArn);
        if (record.userIdentity() != null) {
            out.setUserIdentity(new Identity()
                    .withPrincipalId(record.userIdentity().principalId())
                    .withType(record.userIdentity().type()));
        }
        software.amazon.awssdk.services.dynamodb.model.StreamRecord in = record.dynamodb();
        if (in != null) {
            StreamRecord stream = new StreamRecord();
            if (in.approximateCreationDateTime() != null) {
                stream.setApproximateCreationDateTime(Date.from(in.approximateCreationDateTime()));
            }
            if (in.hasKeys()) {
                stream.setKeys(toLambdaItem(in.keys()));
            }
            if (in.hasNewImage()) {
                stream.setNewImage(toLambdaItem(in.newImage()));
            }
            if (in.hasOldImage()) {
                stream.setOldImage(toLambdaItem(in.oldImage()));
            }
            stream.setSequenceNumber(in.sequenceNumber());
            stream.setSizeBytes(in.sizeBytes());
            if (in.streamViewTypeAsString() != null) {
                stream.setStreamViewType(StreamViewType.fromValue(in.streamViewTypeAsString()));
            }
            out.setDynamodb(stream);
        }
        return out;
    }

    public static Map<String, AttributeValue> toLambdaItem(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, toLambdaValue(value)));
        return out;
    }

    public static AttributeValue toLambdaValue(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue out = new AttributeValue();
        switch (value.type()) {
            case S -> out.setS(value.s());
            case N -> out.setN(value.n());
            case B -> out.setB(toBuffer(value.b()));
            case SS -> out.setSS(new ArrayList<>(value.ss()));
            case NS -> out.setNS(new ArrayList<>(value.ns()));
            case BS -> out.setBS(value.bs().stream().map(StreamRecordConverter::toBuffer).toList());
            case M -> out.setM(toLambdaItem(value.m()));
            case L -> out.setL(toLambdaList(value.l()));
            case NUL -> out.setNULL(value.nul());
            case BOOL -> out.setBOOL(value.bool());
            default -> throw new IllegalArgumentException("Unsupported attribute value: " + value);
        }
        return out;
    }

    private static List<AttributeValue> toLambdaList(
            List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        List<AttributeValue> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(toLambdaValue(v)));
        return out;
    }

    private static ByteBuffer toBuffer(SdkBytes bytes) {
        return ByteBuffer.wrap(bytes.asByteArray());
    }
}
