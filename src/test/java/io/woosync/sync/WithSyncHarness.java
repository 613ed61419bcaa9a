package io.woosync.sync;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class with one {@link SyncHarness} (stand-in or real Odoo, stand-in WooCommerce) for all its
 * tests: started before the first, closed after the last. Extend it instead of repeating the pair.
 */
abstract class WithSyncHarness {

    static SyncHarness h;

    @BeforeAll
    static void startHarness() {
        h = new SyncHarness();
    }

    @AfterAll
    static void stopHarness() {
        h.close();
    }
}
