package example.nsenter;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.tck.DockerTckFixture;
import io.tcpscope.tck.InspectorTck;
import io.tcpscope.tck.TckFixture;

/** tcpscope's TCK, run on the nsenter mode as ServiceLoader finds it, against Docker containers. */
class NsenterTckIT extends InspectorTck {

    @Override
    protected TckFixture fixture() {
        return DockerTckFixture.shared();
    }

    @Override
    protected ConnectionInspector inspector() {
        return InspectorProviders.installed().require("nsenter").create(DockerTckFixture.shared().context());
    }

    @Override
    protected boolean readsPausedTargets() {
        return true; // nsenter enters a frozen namespace too, and its table is there
    }
}
