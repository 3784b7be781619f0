package io.camelbundle.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** tokens.credentials.<name>.vendor names a vendor of bundle.vendors, or start-up is refused. */
class DeclaredCredentialVendorTest {

    @Test
    void aVendorIsReadInAnyCaseAndNoneMeansAlwaysOn() {
        assertThat(TokenBeans.vendorOf("partner", Optional.of(" OM "))).isEqualTo("om");
        assertThat(TokenBeans.vendorOf("partner", Optional.of("tze"))).isEqualTo("tze");
        assertThat(TokenBeans.vendorOf("partner", Optional.empty())).isNull();
    }

    @Test
    void aNameThatIsNoVendorRefusesStartUpNamingTheKey() {
        assertThatThrownBy(() -> TokenBeans.vendorOf("partner", Optional.of("omm")))
                .hasMessage("Refusing to start: tokens.credentials.partner.vendor is 'omm', none of om, openapi, tze");
    }
}
