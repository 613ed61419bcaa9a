package io.woosync.queue;

import jakarta.enterprise.inject.Alternative;

/**
 * Test handlers for the four resource types, all following {@link HandlerScript}. They are
 * {@code @Alternative}s enabled only by the queue test profiles, so they take the place of the
 * real (sync engine) handlers there and nowhere else.
 */
public final class ScriptedHandlers {

    private ScriptedHandlers() {
    }

    abstract static class Base implements JobHandler {
        private final HandlerScript script;

        Base(HandlerScript script) {
            this.script = script;
        }

        @Override
        public JobResult handle(JobContext context) throws Exception {
            return script.run(context);
        }
    }

    @Alternative
    @jakarta.inject.Singleton
    public static class Orders extends Base {
        public Orders(HandlerScript script) {
            super(script);
        }

        @Override
        public String resourceType() {
            return "order";
        }
    }

    @Alternative
    @jakarta.inject.Singleton
    public static class Products extends Base {
        public Products(HandlerScript script) {
            super(script);
        }

        @Override
        public String resourceType() {
            return "product";
        }
    }

    @Alternative
    @jakarta.inject.Singleton
    public static class Customers extends Base {
        public Customers(HandlerScript script) {
            super(script);
        }

        @Override
        public String resourceType() {
            return "customer";
        }
    }

    @Alternative
    @jakarta.inject.Singleton
    public static class Coupons extends Base {
        public Coupons(HandlerScript script) {
            super(script);
        }

        @Override
        public String resourceType() {
            return "coupon";
        }
    }
}
