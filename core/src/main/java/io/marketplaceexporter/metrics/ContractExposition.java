package io.marketplaceexporter.metrics;

import io.marketplaceexporter.state.ExposedShop;
import io.marketplaceexporter.state.LatencyHistograms;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.SeriesFamily;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business families of {@code /metrics}, kept rendered and compressed so that a scrape only
 * writes out ready bytes (issue #18). Shops are split by a stable hash into chunks; each (family,
 * chunk) is one {@link Deflated} piece, so that the text format's rule that a family's samples are
 * contiguous holds when the pieces are laid out family by family. A background renderer wakes every
 * {@link #PERIOD_NANOS}, or once per scrape interval when scrapes come at a steady interval of two
 * periods or more ({@link ScrapeRhythm}: the pass then ends just before the predicted scrape), and
 * renders again only the chunks with a shop that changed, was added or removed ({@link
 * ExposedShop#version()}), and the small families not kept per shop (the change log, the latency
 * histogram, the configured series). Then it publishes a new immutable {@link Snapshot}: a scrape
 * reads one snapshot, so it is never torn.
 *
 * <p><b>Staleness bound.</b> A change made to the state is exposed after the first render pass that
 * starts after it: within {@link #PERIOD_NANOS} plus one pass, or twice the pass when passes take
 * longer than half the period (the renderer keeps at least half of its time idle, so it never holds
 * a core). With a scrape rhythm, a scrape that comes when predicted gets the state as of about
 * twice the longest of the last four passes (plus 0.25 s) before it; one that comes early gets the
 * last pass, at most one interval old. {@code marketplace_exporter_exposition_lag_seconds} shows
 * how old the exposed state is.
 *
 * <p>The renderer runs only while someone scrapes: after {@link #IDLE_NANOS} without a scrape it
 * drops what it holds and stops, and the next scrape renders everything once, on its own time. The
 * sample lines are the same in the text format and OpenMetrics, so one set of pieces serves both;
 * only the family headers differ, and those are a few bytes per family.
 */
public final class ContractExposition implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContractExposition.class);

  /** The two text formats; their sample lines are the same, their family headers not. */
  public enum Format {
    TEXT,
    OPENMETRICS
  }

  /** How often the renderer looks for changes. */
  static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long the renderer runs on after the last scrape. */
  static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

  /**
   * Shops per chunk the chunk count aims at. Pieces of fewer shops compress worse (each starts with
   * an empty dictionary), larger ones cost more to render again for one changed shop: at 110,000
   * series a gzip answer is 922 KB with 16, 781 KB with 32, 711 KB with 64 and 674 KB with 128
   * shops a chunk (the client library's gzip at level 6 of the whole text: 449 KB).
   */
  static final int SHOPS_PER_CHUNK = 64;

  private static final int MAX_CHUNKS = 4096;

  /** Chunks a scrape renders itself, when the renderer is idle, to show a change at once. */
  static final int MAX_CATCH_UP = 4;

  private final MarketplaceState state;
  private final AlertingSeries alerting;
  private final List<Entry> entries;
  private final Set<String> names = new HashSet<>();
  private final Map<Format, Deflated[]> headers = new EnumMap<>(Format.class);
  private final SteadySize steadySize;

  /** One family of the exposition: per shop, or rendered whole ({@code whole}), or both. */
  private record Entry(ContractFamily family, SeriesFamily perShop, Whole whole) {}

  /** Renders a family, or its part not kept per shop, into a buffer. */
  @FunctionalInterface
  private interface Whole {
    void render(ContractFamily family, SampleText out);
  }

  /** What a scrape writes: per family in order, the pieces of its samples (none: family empty). */
  record Snapshot(long passStartedNanos, long modifications, Deflated[][] families) {}

  // Owned by the render pass (under the lock).
  private final ReentrantLock lock = new ReentrantLock();
  private Deflater deflater;
  private SampleText[] texts;
  private ExposedShop[] seenShops;
  private long passStarted;

  /** Chunks the last pass rendered. */
  private volatile int lastRendered;

  private long passModifications;
  private ExposedShop[][] members;
  private long[][] versions;
  private Deflated[][] chunkPieces;

  private volatile Snapshot published;
  private volatile long lastAskedNanos;
  private final ScrapeRhythm rhythm = new ScrapeRhythm(PERIOD_NANOS);
  private boolean running;
  private volatile boolean closed;
  private Thread thread;

  ContractExposition(MarketplaceState state, AlertingSeries alerting) {
    this(state, alerting, new SteadySize());
  }

  /** With the padding of large answers as {@code steadySize} keeps it. */
  ContractExposition(MarketplaceState state, AlertingSeries alerting, SteadySize steadySize) {
    this.state = state;
    this.alerting = alerting;
    this.steadySize = steadySize;
    List<Entry> list = new ArrayList<>();
    list.add(
        new Entry(
            ContractFamily.gauge(AlertingSeries.THRESHOLD, AlertingSeries.THRESHOLD_HELP),
            null,
            (f, out) -> alerting.thresholds((v, l) -> out.sample(f.sampleName(), l, v))));
    list.add(
        new Entry(
            ContractFamily.gauge(AlertingSeries.CHANGE_SCOPE, AlertingSeries.CHANGE_SCOPE_HELP),
            null,
            (f, out) -> alerting.changeScopes((v, l) -> out.sample(f.sampleName(), l, v))));
    for (SeriesFamily sf : SeriesFamily.values()) {
      switch (sf.type()) {
        case COUNTER, GAUGE -> {
          ContractFamily f =
              sf.type() == SeriesFamily.Type.COUNTER
                  ? ContractFamily.counter(sf.metricName(), sf.help())
                  : ContractFamily.gauge(sf.metricName(), sf.help());
          switch (sf) {
            // Rendered whole every pass: the change log is not per shop, and the payment families
            // carry an age as of the pass (a shop's chunk is not rendered again while it is
            // unchanged, so an age in it would stand still).
            case CHANGES,
                CHANGE_LAST,
                CHANGE_INFO,
                PAYMENTS,
                PAYMENTS_UNMATCHED,
                PAYMENT_OLDEST_UNMATCHED_AGE ->
                list.add(
                    new Entry(
                        f,
                        null,
                        (fam, out) ->
                            state.collect(sf, (v, l) -> out.sample(fam.sampleName(), l, v))));
            case SYNC_EXPECTED_INTERVAL ->
                list.add(
                    new Entry(
                        f,
                        sf,
                        (fam, out) ->
                            alerting.schedules((v, l) -> out.sample(fam.sampleName(), l, v))));
            default -> list.add(new Entry(f, sf, null));
          }
        }
        case HISTOGRAM ->
            list.add(
                new Entry(
                    ContractFamily.histogram(sf.metricName(), sf.help()),
                    null,
                    (f, out) -> latency(f, out)));
      }
    }
    list.sort(Comparator.comparing(e -> e.family().prometheusName()));
    this.entries = List.copyOf(list);
    Deflater d = Deflated.deflater();
    for (Format format : Format.values()) {
      Deflated[] h = new Deflated[entries.size()];
      for (int i = 0; i < h.length; i++) {
        byte[] text = entries.get(i).family().header(format);
        h[i] = Deflated.of(d, text, text.length);
      }
      headers.put(format, h);
    }
    d.end();
    for (Entry e : entries) {
      names.add(e.family().name());
      names.add(e.family().prometheusName());
    }
  }

  private void latency(ContractFamily f, SampleText out) {
    double[] b = LatencyHistograms.buckets();
    double[] bounds = Arrays.copyOf(b, b.length + 1);
    bounds[b.length] = Double.POSITIVE_INFINITY;
    byte[] bucket = f.histogramPart("_bucket");
    byte[] count = f.histogramPart("_count");
    byte[] sum = f.histogramPart("_sum");
    List<LatencyHistograms.Snapshot> all = new ArrayList<>(state.latency());
    all.sort(
        Comparator.comparing(LatencyHistograms.Snapshot::marketplace)
            .thenComparing(LatencyHistograms.Snapshot::operation));
    List<String> labelNames = SeriesFamily.API_DURATION.labelNames();
    for (LatencyHistograms.Snapshot h : all) {
      out.histogram(
          bucket,
          count,
          sum,
          io.prometheus.metrics.model.snapshots.Labels.of(
              labelNames.get(0), h.marketplace(), labelNames.get(1), h.operation()),
          bounds,
          h.counts(),
          h.sum());
    }
  }

  /**
   * Whether a family of this name (a counter's with or without {@code _total}) is one of these; the
   * rest of the registry is written after them.
   */
  public boolean covers(String name) {
    return names.contains(name);
  }

  /**
   * The pieces of the contract families in {@code format}, headers included; starts the renderer,
   * or renders here when it was not running.
   */
  public List<Deflated> pieces(Format format) {
    lastAskedNanos = System.nanoTime();
    rhythm.scraped(lastAskedNanos);
    Snapshot s = published;
    if (s == null) {
      s = start();
    } else if (s.modifications() != state.modifications()) {
      s = catchUp(s);
    }
    Deflated[] h = headers.get(format);
    List<Deflated> out = new ArrayList<>();
    for (int i = 0; i < h.length; i++) {
      Deflated[] body = s.families()[i];
      if (body.length > 0) {
        out.add(h[i]);
        out.addAll(Arrays.asList(body));
      }
    }
    return out;
  }

  /**
   * A whole scrape: the families kept here, then the rest of {@code registry} (the exporter's own,
   * JVM and process families) written by {@code writer} here, OpenMetrics' {@code # EOF} with it.
   */
  public List<Deflated> scrape(
      Format format, PrometheusRegistry registry, ExpositionFormatWriter writer)
      throws IOException {
    List<Deflated> out = pieces(format);
    out.addAll(rest(format, registry, writer, length(out)));
    return out;
  }

  /** The length of the text of {@code pieces}. */
  public static long length(List<Deflated> pieces) {
    long n = 0;
    for (Deflated p : pieces) {
      n += p.length();
    }
    return n;
  }

  /**
   * What a scrape writes after {@link #pieces}: the rest of {@code registry} (the exporter's own,
   * JVM and process families) rendered now by {@code writer}, then the padding that keeps a large
   * answer's length steady ({@link SteadySize}; {@code before}: the length of the text before the
   * rest), and OpenMetrics' {@code # EOF}. Several pieces when a family kept its compressed lines
   * ({@link DirectFamily#keptWhile}), else one.
   */
  public List<Deflated> rest(
      Format format, PrometheusRegistry registry, ExpositionFormatWriter writer, long before)
      throws IOException {
    try (Deflated.LastStream rest = new Deflated.LastStream(lastRestBytes + lastRestBytes / 8)) {
      RegistryText.writeFamilies(rest, registry, name -> !covers(name), writer, format);
      long blanks =
          steadySize.blanks(
              format,
              before + rest.length() + SteadySize.LINE_BYTES + RegistryText.endLength(format));
      if (blanks >= 0) {
        SteadySize.write(rest, blanks);
      }
      RegistryText.end(rest, format);
      List<Deflated> pieces = rest.finishAll();
      lastRestBytes = (int) Math.min(Integer.MAX_VALUE / 2, rest.compressedBytes());
      return pieces;
    }
  }

  /** The compressed size of the last {@link #rest}, so that the next one's buffer rarely grows. */
  private volatile int lastRestBytes = 16 * 1024;

  /** Seconds since the pass that rendered what a scrape gets now began reading the state. */
  public double lagSeconds() {
    Snapshot s = published;
    return s == null ? 0 : (System.nanoTime() - s.passStartedNanos()) / 1e9;
  }

  private Snapshot start() {
    lock.lock();
    try {
      if (published == null) {
        prepare();
        finish();
      }
      if (!running && !closed) {
        running = true;
        thread = new Thread(this::run, "exposition-renderer");
        thread.setDaemon(true);
        thread.start();
      }
      return published;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The state changed since the last pass: when the renderer is not busy and only a few chunks
   * changed (a person or a test that writes, then scrapes), render them now, so that the scrape
   * sees its own write; otherwise (ingest at full speed) the last pass's pieces are answered.
   */
  private Snapshot catchUp(Snapshot s) {
    try {
      // A pass that renders a few chunks is short: wait for it. A long one (ingest at full speed
      // changes every chunk) is not waited for.
      if (lastRendered <= MAX_CATCH_UP
          ? !lock.tryLock(100, TimeUnit.MILLISECONDS)
          : !lock.tryLock()) {
        return s;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return s;
    }
    try {
      if (published != null) {
        prepare();
        if (dirtyChunks(MAX_CATCH_UP + 1) <= MAX_CATCH_UP) {
          finish();
        }
      }
      return published == null ? s : published;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long next = System.nanoTime() + PERIOD_NANOS;
    while (!closed) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      lock.lock();
      try {
        if (closed || System.nanoTime() - lastAskedNanos > IDLE_NANOS) {
          break;
        }
        long t0 = System.nanoTime();
        try {
          pass();
        } catch (RuntimeException e) {
          LOG.error("rendering /metrics failed; the last rendering stays", e);
        }
        next = rhythm.nextPass(t0, System.nanoTime() - t0);
      } finally {
        lock.unlock();
      }
    }
    lock.lock();
    try {
      running = false;
      thread = null;
      forget();
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything rendered; the next scrape starts over. */
  private void forget() {
    published = null;
    seenShops = null;
    members = null;
    versions = null;
    chunkPieces = null;
    texts = null;
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
  }

  /** One render pass: what changed since the last one, then a new snapshot. */
  void pass() {
    lock.lock();
    try {
      prepare();
      finish();
    } finally {
      lock.unlock();
    }
  }

  /** Reads the time, the state's modification count and its shops; regroups when they changed. */
  private void prepare() {
    passStarted = System.nanoTime();
    passModifications = state.modifications();
    if (deflater == null) {
      deflater = Deflated.deflater();
    }
    ExposedShop[] shops = state.exposedShops();
    if (shops != seenShops) {
      regroup(shops);
      seenShops = shops;
    }
  }

  /** How many chunks must be rendered again, counting up to {@code limit}. */
  private int dirtyChunks(int limit) {
    int n = 0;
    for (int c = 0; c < members.length && n < limit; c++) {
      n += dirty(c) ? 1 : 0;
    }
    return n;
  }

  /** Renders the chunks that changed and the whole families, and publishes the snapshot. */
  private void finish() {
    if (texts == null) {
      texts = new SampleText[entries.size()];
      for (int i = 0; i < texts.length; i++) {
        texts[i] = new SampleText(16 * 1024);
      }
    }
    int rendered = 0;
    for (int c = 0; c < members.length; c++) {
      if (dirty(c)) {
        render(c);
        rendered++;
      }
    }
    lastRendered = rendered;
    Deflated[][] families = new Deflated[entries.size()][];
    for (int i = 0; i < families.length; i++) {
      Entry e = entries.get(i);
      List<Deflated> pieces = new ArrayList<>();
      if (e.whole() != null) {
        SampleText t = texts[i];
        t.clear();
        e.whole().render(e.family(), t);
        if (t.size() > 0) {
          pieces.add(Deflated.of(deflater, t.array(), t.size()));
        }
      }
      if (e.perShop() != null) {
        for (Deflated[] chunk : chunkPieces) {
          if (chunk[i].length() > 0) {
            pieces.add(chunk[i]);
          }
        }
      }
      families[i] = pieces.toArray(Deflated[]::new);
    }
    published = new Snapshot(passStarted, passModifications, families);
    texts = null; // the text buffers are as large as the largest chunk: not kept between passes
  }

  private boolean dirty(int c) {
    ExposedShop[] m = members[c];
    long[] v = versions[c];
    for (int i = 0; i < m.length; i++) {
      if (m[i].version() != v[i]) {
        return true;
      }
    }
    return chunkPieces[c] == null;
  }

  /** Re-renders chunk {@code c}: every per-shop family of its shops. */
  private void render(int c) {
    ExposedShop[] m = members[c];
    long[] v = versions[c];
    for (SampleText t : texts) {
      t.clear();
    }
    for (int s = 0; s < m.length; s++) {
      ExposedShop shop = m[s];
      v[s] = shop.version(); // before reading: a write after this makes the shop dirty again
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        if (e.perShop() != null) {
          SampleText t = texts[i];
          byte[] name = e.family().sampleName();
          boolean configured = e.whole() != null;
          shop.collect(
              e.perShop(),
              (value, labels) -> {
                if (!configured || !alerting.scheduled(labels)) {
                  t.sample(name, labels, value);
                }
              });
        }
      }
    }
    Deflated[] pieces = new Deflated[entries.size()];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] =
          entries.get(i).perShop() == null
              ? Deflated.EMPTY
              : Deflated.of(deflater, texts[i].array(), texts[i].size());
    }
    chunkPieces[c] = pieces;
  }

  /** Shops came or went: the chunks whose shops are not the same ones are rendered again. */
  private void regroup(ExposedShop[] shops) {
    int n = chunkCount(shops.length);
    int[] sizes = new int[n];
    int[] chunkOf = new int[shops.length];
    for (int s = 0; s < shops.length; s++) {
      int h = shops[s].key().hashCode();
      chunkOf[s] = (h ^ (h >>> 16)) & (n - 1);
      sizes[chunkOf[s]]++;
    }
    ExposedShop[][] grouped = new ExposedShop[n][];
    for (int c = 0; c < n; c++) {
      grouped[c] = new ExposedShop[sizes[c]];
      sizes[c] = 0;
    }
    for (int s = 0; s < shops.length; s++) { // in label order, so each chunk's lines are too
      int c = chunkOf[s];
      grouped[c][sizes[c]++] = shops[s];
    }
    boolean same = members != null && members.length == n;
    long[][] newVersions = new long[n][];
    Deflated[][] newPieces = new Deflated[n][];
    for (int c = 0; c < n; c++) {
      if (same && Arrays.equals(members[c], grouped[c])) {
        newVersions[c] = versions[c];
        newPieces[c] = chunkPieces[c];
      } else {
        newVersions[c] = new long[grouped[c].length];
        Arrays.fill(newVersions[c], -1); // versions start at 0: render
      }
    }
    members = grouped;
    versions = newVersions;
    chunkPieces = newPieces;
  }

  /** A power of two near shops / {@link #SHOPS_PER_CHUNK}, kept while within a factor of 2. */
  private int chunkCount(int shops) {
    int current = members == null ? 0 : members.length;
    if (current > 0
        && shops >= current * SHOPS_PER_CHUNK / 2
        && shops <= current * SHOPS_PER_CHUNK * 2) {
      return current;
    }
    int target = Math.max(1, shops / SHOPS_PER_CHUNK);
    return Math.min(MAX_CHUNKS, Integer.highestOneBit(target));
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      if (thread != null) {
        thread.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }
}
