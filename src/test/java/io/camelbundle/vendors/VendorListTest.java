package io.camelbundle.vendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class VendorListTest {

    @Test
    void parsesTheListedVendorsIgnoringSpacesAndCase() {
        VendorList vendors = VendorList.parse(" OM , tze");
        assertThat(vendors.isOn("om")).isTrue();
        assertThat(vendors.isOn(Vendor.TZE)).isTrue();
        assertThat(vendors.isOn("openapi")).isFalse();
        assertThat(vendors.isOn("nope")).isFalse();
    }

    @Test
    void refusesAnUnknownVendorNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> VendorList.parse("om,wechat")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bundle.vendors").hasMessageContaining("'wechat'")
                .hasMessageContaining("om, openapi, tze");
        assertThatThrownBy(() -> VendorList.parse("om,,tze")).hasMessageContaining("bundle.vendors")
                .hasMessageContaining("unknown vendor ''");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> VendorList.parse(" ")).hasMessageContaining("bundle.vendors is empty");
        assertThatThrownBy(() -> VendorList.parse(null)).hasMessageContaining("bundle.vendors is empty");
    }

    @Test
    void requiresOnlyTheKeysOfTheListedVendors() {
        Map<String, String> config = Map.of("om.client-id", "id", "openapi.appid", "1", "openapi.appkey", " ");
        assertThat(VendorList.parse("om").missingKeys(k -> Optional.ofNullable(config.get(k))))
                .containsExactly("om.client-secret");
        assertThat(VendorList.parse("om,openapi,tze").missingKeys(k -> Optional.ofNullable(config.get(k))))
                .containsExactly("om.client-secret", "openapi.appkey");
        assertThat(VendorList.parse("tze").missingKeys(k -> Optional.empty())).isEmpty();
    }

    @Test
    void summarySaysInOneLineWhichVendorsAreOn() {
        assertThat(VendorList.parse("om").summary()).isEqualTo("Vendors on: om (openapi, tze off)");
        assertThat(VendorList.parse("tze,om,openapi").summary()).isEqualTo("Vendors on: om, openapi, tze");
    }

    @Test
    void excludesTheRouteFilesOfTheVendorsNotListed() {
        assertThat(VendorList.parse("om").routesExcludePattern())
                .isEqualTo("**/openapi-*.camel.yaml,**/tze-*.camel.yaml");
        assertThat(VendorList.parse("om,openapi,tze").routesExcludePattern()).isEmpty();
    }

    @Test
    void anOwnRoutesExcludePatternMustListTheRouteFilesOfTheVendorsLeftOut() {
        assertThat(VendorList.parse("om").unexcludedRouteFiles("**/tze-*.camel.yaml, **/mine.camel.yaml"))
                .contains("**/openapi-*.camel.yaml");
        assertThat(VendorList.parse("om").unexcludedRouteFiles("**/openapi-*.camel.yaml,**/tze-*.camel.yaml"))
                .isEmpty();
        assertThat(VendorList.parse("om,openapi,tze").unexcludedRouteFiles("**/mine.camel.yaml")).isEmpty();
    }
}
