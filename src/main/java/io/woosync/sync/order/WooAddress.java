package io.woosync.sync.order;

import java.util.Locale;
import java.util.Objects;

/** A billing or shipping block of a WooCommerce order. Missing fields are empty strings, never null. */
public record WooAddress(
        String firstName,
        String lastName,
        String company,
        String address1,
        String address2,
        String city,
        String state,
        String postcode,
        String country,
        String email,
        String phone) {

    public static final WooAddress EMPTY = new WooAddress("", "", "", "", "", "", "", "", "", "", "");

    public WooAddress {
        firstName = clean(firstName);
        lastName = clean(lastName);
        company = clean(company);
        address1 = clean(address1);
        address2 = clean(address2);
        city = clean(city);
        state = clean(state);
        postcode = clean(postcode);
        country = clean(country);
        email = clean(email);
        phone = clean(phone);
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    public String personName() {
        return (firstName + " " + lastName).trim();
    }

    public boolean hasCompany() {
        return !company.isEmpty();
    }

    /** True when no postal field is filled (a virtual order's shipping block, for instance). */
    public boolean isPostallyEmpty() {
        return address1.isEmpty() && address2.isEmpty() && city.isEmpty() && postcode.isEmpty() && country.isEmpty();
    }

    /**
     * Whether two blocks name the same place for the same person: compares name, company and the postal
     * fields, case-insensitively; email and phone are contact data, not the address, so they are ignored
     * (WooCommerce's shipping block has no email at all).
     */
    public boolean samePlaceAs(WooAddress other) {
        return eq(personName(), other.personName()) && eq(company, other.company)
                && eq(address1, other.address1) && eq(address2, other.address2) && eq(city, other.city)
                && eq(state, other.state) && eq(postcode, other.postcode) && eq(country, other.country);
    }

    private static boolean eq(String a, String b) {
        return Objects.equals(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
    }
}
