package io.marketplaceexporter.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Debian's nginx serving fixed exposition files from a temporary prefix on a free loopback port:
 * the floor of what serving the same bytes costs. One file per {@link ScrapeFormat} at {@code
 * /<format>}, with the content type the exporter answered and the gzip copy precomputed ({@code
 * gzip_static on}). Started in the foreground ({@code daemon off}) with its error log, pid file and
 * temporary files inside the prefix, which is deleted on close.
 */
final class Nginx implements AutoCloseable {
  /** An exposition to serve: its bytes (uncompressed) and the content type to answer with. */
  record Exposition(byte[] body, String contentType) {}

  private final Path prefix;
  final Server server;

  private Nginx(Path prefix, Server server) {
    this.prefix = prefix;
    this.server = server;
  }

  static Nginx start(String nginx, Map<ScrapeFormat, Exposition> files) throws Exception {
    Path prefix = Scratch.directory("nginx");
    try {
      Path www = Files.createDirectories(prefix.resolve("www"));
      Files.createDirectories(prefix.resolve("tmp"));
      StringBuilder locations = new StringBuilder();
      for (Map.Entry<ScrapeFormat, Exposition> f : files.entrySet()) {
        String name = f.getKey().slug();
        Files.write(www.resolve(name), f.getValue().body());
        Files.write(www.resolve(name + ".gz"), gzip(f.getValue().body()));
        locations.append(
            "    location = /%s { default_type \"%s\"; }\n"
                .formatted(name, f.getValue().contentType()));
      }
      // Run as root (containers), nginx hands requests to workers running as nobody: they must
      // be able to read the files. Otherwise it runs as the user who started it.
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        // The run's scratch directory above the prefix: passed through, not listed.
        Files.setPosixFilePermissions(Scratch.dir(), PosixFilePermissions.fromString("rwx--x--x"));
        for (Path p : List.of(prefix, www)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var list = Files.list(www)) {
          for (Path p : list.toList()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
          }
        }
      }
      int port = Server.freePort();
      Path conf = prefix.resolve("nginx.conf");
      Files.writeString(
          conf,
          """
          %sworker_processes 1;
          pid %s/nginx.pid;
          error_log %s/error.log warn;
          events { worker_connections 64; }
          http {
            access_log off;
            client_body_temp_path %s/tmp/body;
            proxy_temp_path %s/tmp/proxy;
            fastcgi_temp_path %s/tmp/fastcgi;
            types { }
            server {
              listen 127.0.0.1:%d;
              root %s;
              gzip_static on;
              location = /-/ready { default_type text/plain; return 200 "ready\\n"; }
          %s  }
          }
          """
              .formatted(
                  root ? "user nobody nogroup;\n" : "",
                  prefix,
                  prefix,
                  prefix,
                  prefix,
                  prefix,
                  port,
                  www,
                  locations));
      Server server =
          Server.start(
              "nginx",
              port,
              List.of(
                  nginx,
                  "-p",
                  prefix.toString(),
                  "-e",
                  prefix.resolve("error.log").toString(),
                  "-c",
                  conf.toString(),
                  "-g",
                  "daemon off;"),
              "/-/ready");
      return new Nginx(prefix, server);
    } catch (Exception | Error e) {
      Server.deleteTree(prefix);
      throw e;
    }
  }

  static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 1024);
    try (OutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  /** nginx's version line ({@code nginx -v}). */
  static String version(String nginx) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(nginx, "-v").redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return out.strip().replace("nginx version: ", "");
  }

  @Override
  public void close() {
    server.close();
    Server.deleteTree(prefix);
  }
}
