package io.tcpscope.cli;

import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.testkit.InspectorMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;

/** --mode, shared by the commands that read containers: auto, or any provider on the class path. */
final class ModeOption {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            converter = ModeOption.Converter.class, completionCandidates = ModeOption.Names.class,
            description = "How to read the containers' tables: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
                    + " 'tcpscope modes' says what each does.")
    InspectorMode mode;

    InspectorMode inspectorMode() {
        return mode;
    }

    /** The modes of the class path, for the help text. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            try {
                return InspectorProviders.installed().modeNames().iterator();
            } catch (IllegalStateException e) {
                return List.of(InspectorProviders.AUTO).iterator(); // --mode says what is broken when used
            }
        }
    }

    /** A mode name, which a provider on the class path must have. */
    static final class Converter implements ITypeConverter<InspectorMode> {
        @Override
        public InspectorMode convert(String value) {
            InspectorProviders providers;
            try {
                providers = InspectorProviders.installed();
            } catch (IllegalStateException e) {
                throw new TypeConversionException(e.getMessage()); // a broken adapter jar on the class path
            }
            if (!providers.modeNames().contains(value)) {
                throw new TypeConversionException("there is no mode '" + value + "'; the modes are "
                        + String.join(", ", providers.modeNames()));
            }
            return InspectorMode.named(value);
        }
    }
}
