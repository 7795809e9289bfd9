package io.npsloop.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's SQS event source does with the messages of one poll: hands them to the function as
 * one {@link SQSEvent} (id, body, receipt, system attributes such as the receive count) and deletes
 * every message the function does not report as failed; a failed one comes back after its
 * visibility timeout. For the local stack's pollers and the functions' tests alike.
 */
public final class QueueEventSource {

    private QueueEventSource() {}

    public static SQSBatchResponse deliver(LocalAws aws, String queueUrl, List<Message> messages,
                                           Function<SQSEvent, SQSBatchResponse> function) {
        var event = new SQSEvent();
        event.setRecords(messages.stream().map(QueueEventSource::record).toList());
        var response = function.apply(event);
        var failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        messages.stream().filter(m -> !failed.contains(m.messageId()))
                .forEach(m -> aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return response;
    }

    private static SQSEvent.SQSMessage record(Message message) {
        var record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setBody(message.body());
        record.setReceiptHandle(message.receiptHandle());
        var attributes = new HashMap<String, String>();
        message.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        record.setAttributes(attributes);
        record.setEventSource("aws:sqs");
        return record;
    }
}
