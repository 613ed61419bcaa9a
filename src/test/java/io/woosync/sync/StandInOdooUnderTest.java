package io.woosync.sync;

import io.woosync.odoo.standin.StandInOdoo;
import java.util.List;
import java.util.Map;

/** {@link OdooUnderTest} on the stand-in: its in-memory records, as stored. */
final class StandInOdooUnderTest implements OdooUnderTest {

    private final StandInOdoo odoo;

    StandInOdooUnderTest(StandInOdoo odoo) {
        this.odoo = odoo;
    }

    @Override
    public boolean isStandIn() {
        return true;
    }

    @Override
    public StandInOdoo standIn() {
        return odoo;
    }

    @Override
    public int major() {
        return odoo.version();
    }

    @Override
    public String url() {
        return odoo.url();
    }

    @Override
    public String database() {
        return odoo.database();
    }

    @Override
    public String login() {
        return odoo.login();
    }

    @Override
    public String apiKey() {
        return odoo.apiKey();
    }

    @Override
    public long seed(String model, Map<String, ?> vals) {
        return odoo.seed(model, vals);
    }

    @Override
    public void update(String model, long id, Map<String, ?> vals) {
        odoo.update(model, id, vals);
    }

    @Override
    public Map<String, Object> record(String model, long id) {
        return odoo.record(model, id);
    }

    @Override
    public List<Map<String, Object>> search(String model, List<?> domain) {
        return odoo.search(model, domain);
    }

    @Override
    public int count(String model, List<?> domain) {
        return odoo.search(model, domain).size();
    }

    @Override
    public void close() {
        odoo.close();
    }
}
