package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.ProjectFiles;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web-config.yml examples of docs/web-configuration.md and the README are files the exporter
 * accepts, as written.
 */
class WebConfigDocsTest {
  @ParameterizedTest
  @ValueSource(strings = {"docs/web-configuration.md", "README.md"})
  void theDocumentedExampleParsesAndItsHashIsTheDocumentedPassword(String file) throws Exception {
    String doc = Files.readString(ProjectFiles.root().resolve(file));
    Matcher m = Pattern.compile("```yaml\n# web-config.yml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("the web-config.yml example block").isTrue();

    WebConfigFile c = WebConfigFile.parse(m.group(1));

    assertThat(c.tlsServerConfig().minVersion()).isEqualTo(TlsVersion.TLS12);
    assertThat(
            OpenBSDBCrypt.checkPassword(
                c.basicAuthUsers().get("prometheus"),
                "changeme".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isTrue();
  }
}
