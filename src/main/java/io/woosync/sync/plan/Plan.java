package io.woosync.sync.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The planner's answer for one order: {@link Outcome#READY} with the ordered steps still to apply
 * (empty when everything is done), {@link Outcome#BLOCKED} with the problems that stop it, or
 * {@link Outcome#SKIPPED} with the reason (failed/pending status, cancelled before sync…).
 *
 * @param notes   things worth showing beside the plan (matches made, rounding decisions, waiting payments)
 * @param reviews what a person must look at, in an admin's words with the figures: listed on every plan
 *                while the difference stands (e.g. the Woo order changed after its invoice was posted) and
 *                nobody has acknowledged it, while the matching {@link PlanStep.FlagForReview} step is
 *                recorded once
 */
@RegisterForReflection(targets = {
        Plan.class, PlanProblem.class, PlanTotals.class, OrderLine.class, OrderBindings.class,
        PlanStep.EnsurePartner.class, PlanStep.CreateSaleOrder.class, PlanStep.UpdateSaleOrderLines.class,
        PlanStep.LineChange.class, PlanStep.ConfirmOrder.class, PlanStep.CreateInvoiceFromOrder.class,
        PlanStep.CreateDirectInvoice.class, PlanStep.PostInvoice.class, PlanStep.RegisterPayment.class,
        PlanStep.ValidateDelivery.class, PlanStep.CancelOrder.class, PlanStep.CreateCreditNote.class,
        PlanStep.PostCreditNote.class, PlanStep.SettleCreditNote.class, PlanStep.FlagForReview.class, Plan.Review.class})
public record Plan(
        long wooOrderId,
        String orderLabel,
        Outcome outcome,
        List<PlanStep> steps,
        List<PlanProblem> problems,
        String skipReason,
        PlanTotals totals,
        List<String> notes,
        List<Review> reviews) {

    public enum Outcome { READY, BLOCKED, SKIPPED }

    /**
     * One standing difference: {@code key} names it (the {@link PlanStep.FlagForReview} step's key, which
     * carries a fingerprint of the figures where they can change), {@code reason} says it to an admin.
     */
    public record Review(String key, String reason) {

        /**
         * The key under which a person's acknowledgement of this review is recorded with the order's
         * bindings: while it is there, the planner lists the review as a note instead. A new difference
         * (other figures, so another key) is flagged again.
         */
        public static String acknowledgementKey(String reviewKey) {
            return "ack_" + reviewKey;
        }
    }

    public Plan {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        reviews = reviews == null ? List.of() : List.copyOf(reviews);
    }

    /** True while WooCommerce and Odoo disagree in a way a person must resolve (see {@code reviews}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean needsReview() {
        return !reviews.isEmpty();
    }

    /** The open reviews in an admin's words. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> reviewReasons() {
        return reviews.stream().map(Review::reason).toList();
    }

    /** The open reviews' keys: what acknowledging them records. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> reviewKeys() {
        return reviews.stream().map(Review::key).toList();
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isReady() {
        return outcome == Outcome.READY;
    }

    /** The first step of the given type, if any (tests and previews). */
    public <T extends PlanStep> java.util.Optional<T> step(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public <T extends PlanStep> List<T> steps(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
