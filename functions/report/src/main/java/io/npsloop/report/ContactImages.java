package io.npsloop.report;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.ContactDelay;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * When a treated recovery case first records contact (its first {@code contacted} step, or an
 * attempt that reached the customer), how long after the answer that was: its cohort is then
 * counted in that {@link ContactDelay}, where it stood as never contacted until then.
 */
final class ContactImages {

    /** A cohort's first contact, timed. */
    record FirstContact(String cohortId, ContactDelay delay) {}

    private ContactImages() {}

    /** The first contact the new image records and the old one did not, if its case names a cohort. */
    static Optional<FirstContact> change(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (newImage == null || !ResponseItem.TYPE_NAME.equals(Table.str(newImage, Table.TYPE))
                || !Action.RECOVERY.wireName().equals(Table.str(newImage, ResponseItem.FOLLOW_UP_ACTION))) {
            return Optional.empty();
        }
        var cohortId = Table.str(newImage, ResponseItem.COHORT_ID);
        var contact = ResponseItem.firstContact(newImage);
        if (cohortId == null || contact.isEmpty() || ResponseItem.firstContact(oldImage).isPresent()) {
            return Optional.empty();
        }
        // From the answer, as the customer lived it: a late delivery by the survey tool is part of the wait.
        var answered = Instant.parse(Table.str(newImage, ResponseItem.SUBMITTED_AT));
        var delay = Duration.between(answered, contact.get());
        return Optional.of(new FirstContact(cohortId, ContactDelay.of(delay.isNegative() ? Duration.ZERO : delay)));
    }
}
