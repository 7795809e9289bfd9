package io.npsloop.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** template.yaml as maps and lists, for the tests that read what it declares. */
final class CloudFormationYaml {

    private CloudFormationYaml() {}

    /** CloudFormation's short forms (!Ref, !GetAtt, !Sub, !If ...) read as their long JSON forms. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    var tag = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                        if (tag.equals("GetAtt")) {
                            value = List.of(((String) value).split("\\.", 2));
                        }
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(tag.equals("Ref") ? "Ref" : "Fn::" + tag, value);
                }
            });
        }
    }

    /** The repository's template.yaml. */
    static Map<String, Object> template() {
        try {
            var text = Files.readString(Main.findEvents().getParent().getParent().resolve("template.yaml"));
            return new Yaml(new CloudFormationTags()).load(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
