package dev.sluice.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sandbox.CancelToken;
import dev.sluice.sandbox.Capture;
import dev.sluice.sandbox.Limits;
import dev.sluice.sandbox.Outcome;
import dev.sluice.sandbox.OutputSink;
import dev.sluice.sandbox.RunResult;
import dev.sluice.sandbox.RunSpec;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile programs against the local sandbox. Each must be contained; after each, nothing of it runs
 * on the host and the next run works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSandboxAdversarialTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    private LocalSandbox wide;
    private LocalSandbox single;

    @BeforeAll
    void start() {
        wide = TestSandboxes.started(TestSandboxes.config(20));
        single = TestSandboxes.started(TestSandboxes.config(1));
    }

    @AfterAll
    void stop() {
        if (wide != null) {
            wide.stop();
        }
        if (single != null) {
            single.stop();
        }
    }

    /** After every hostile run: nothing left running under the slots' uids, and a plain run still works. */
    @AfterEach
    void sandboxUnharmed() throws Exception {
        for (LocalSandbox sandbox : List.of(wide, single)) {
            LocalSandboxConfig c = sandbox.config();
            assertThat(HostProcesses.liveWithUidIn(c.uidBase(), c.uidBase() + c.slots())).isEmpty();
        }
        Result ok = python(wide, "print('still fine')", TestSandboxes.limits(10_000));
        assertThat(ok.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(ok.out().stdout()).isEqualTo("still fine\n");
    }

    record Result(RunResult result, Capture out) {
        String stdout() {
            return out.stdout();
        }
    }

    private static Result run(LocalSandbox sandbox, String language, String code, Limits limits) throws InterruptedException {
        Capture out = new Capture();
        RunResult result = sandbox.run(new RunSpec("adv-" + IDS.incrementAndGet(), language, null, code, "", List.of(), limits),
                out, new CancelToken());
        return new Result(result, out);
    }

    private static Result python(LocalSandbox sandbox, String code, Limits limits) throws InterruptedException {
        return run(sandbox, "python", code, limits);
    }

    private static Limits limits(long wallMillis, long memoryBytes, double cpus, long outputBytes) {
        Limits d = Limits.DEFAULTS;
        return new Limits(Duration.ofMillis(wallMillis), memoryBytes, d.processes(), cpus, outputBytes, d.fileSizeBytes(),
                d.tmpBytes());
    }

    @Test
    void busyLoopAndSleepAreKilledAtTheWallLimit() throws Exception {
        Result busy = python(wide, "while True:\n    pass\n", TestSandboxes.limits(1000));
        Result sleep = run(wide, "bash", "sleep 100\n", TestSandboxes.limits(1000));
        for (Result r : List.of(busy, sleep)) {
            assertThat(r.result().outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(r.result().wallTime()).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(10));
        }
    }

    @Test
    void ignoringSigtermDoesNotHelp() throws Exception {
        Result r = python(wide, """
                import signal
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                print('ignoring', flush=True)
                while True:
                    pass
                """, TestSandboxes.limits(1000));
        assertThat(r.result().outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.stdout()).isEqualTo("ignoring\n");
    }

    @Test
    void cpuTimeLimitEndsAsTimedOut() throws Exception {
        Result r = python(wide, """
                import resource
                soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
                print(hard, flush=True)
                resource.setrlimit(resource.RLIMIT_CPU, (1, hard))
                while True:
                    pass
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.result().detail()).contains("SIGXCPU");
        assertThat(r.stdout().strip()).as("hard RLIMIT_CPU set from the wall limit").isEqualTo(
                String.valueOf(LaunchCommand.cpuSeconds(TestSandboxes.limits(10_000))));
    }

    @Test
    void allocatingTwoGibIsKilledAtTheMemoryLimit() throws Exception {
        Result r = python(wide, "print('go', flush=True)\nb = b'x' * (2 << 30)\nprint('allocated')\n",
                limits(20_000, 64 * Limits.MIB, 1.0, Limits.DEFAULTS.outputBytes()));
        assertThat(r.result().outcome()).as(r.result().detail()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(r.stdout()).isEqualTo("go\n");
        assertThat(r.result().peakMemoryBytes()).isBetween(1L, 64 * Limits.MIB);
    }

    @Test
    void forkBombIsBoundedByThePidsLimit() throws Exception {
        Result count = python(wide, """
                import os, time
                n = 0
                try:
                    while True:
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        n += 1
                except OSError as e:
                    print('forks', n, 'errno', e.errno, flush=True)
                """, TestSandboxes.limits(10_000));
        assertThat(count.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        String[] words = count.stdout().strip().split(" ");
        assertThat(Integer.parseInt(words[1])).isLessThan(Limits.DEFAULTS.processes());
        assertThat(words[3]).isEqualTo("11"); // EAGAIN

        Result bomb = run(wide, "bash", "bomb() { bomb | bomb & }\nbomb\nsleep 30\n", TestSandboxes.limits(2000));
        assertThat(bomb.result().outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void fiveThousandThreadsStopAtThePidsLimit() throws Exception {
        Result r = python(wide, """
                import threading
                stop = threading.Event()
                n = 0
                try:
                    for i in range(5000):
                        threading.Thread(target=stop.wait, daemon=True).start()
                        n += 1
                except RuntimeError as e:
                    print('threads', n, flush=True)
                stop.set()
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.stdout()).startsWith("threads ");
        assertThat(Integer.parseInt(r.stdout().strip().split(" ")[1])).isLessThan(Limits.DEFAULTS.processes());
    }

    @Test
    void noNetworkAtAll() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Result r = python(wide, """
                    import socket, urllib.request
                    for fam, kind, name in [(socket.AF_INET, socket.SOCK_STREAM, 'inet'),
                                            (socket.AF_INET6, socket.SOCK_STREAM, 'inet6'),
                                            (socket.AF_NETLINK, socket.SOCK_RAW, 'netlink'),
                                            (socket.AF_PACKET, socket.SOCK_RAW, 'packet')]:
                        try:
                            socket.socket(fam, kind)
                            print(name, 'OPEN')
                        except OSError as e:
                            print(name, e.errno)
                    try:
                        socket.create_connection(('127.0.0.1', PORT), timeout=2)
                        print('connect OPEN')
                    except OSError as e:
                        print('connect', e.errno)
                    try:
                        socket.getaddrinfo('example.com', 80)
                        print('dns OPEN')
                    except OSError:
                        print('dns failed')
                    try:
                        urllib.request.urlopen('http://example.com/', timeout=2)
                        print('http OPEN')
                    except Exception:
                        print('http failed')
                    a, b = socket.socketpair()
                    a.send(b'u')
                    print('unix', b.recv(1).decode())
                    """.replace("PORT", String.valueOf(port)), TestSandboxes.limits(10_000));
            assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.stdout()).isEqualTo("inet 1\ninet6 1\nnetlink 1\npacket 1\nconnect 1\ndns failed\nhttp failed\nunix u\n");
            assertThat(listener.accept()).as("the listener saw a connection").isNull();
        }
    }

    @Test
    void hostFilesAreNotThere() throws Exception {
        String work = wide.config().workRoot().toString();
        Result r = python(wide, """
                import os
                for p in ['/etc/shadow', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/root', '/home', '/work',
                          '/var', '/run', '/sys', '/boot', '/opt', '/srv', 'WORK']:
                    print(p, os.path.exists(p))
                for p in ['/proc/kcore', '/proc/1/environ']:
                    try:
                        with open(p, 'rb') as f:
                            print(p, 'READ', len(f.read(64)))
                    except OSError as e:
                        print(p, 'denied')
                print(sorted(os.listdir('/etc')))
                print(sorted(os.listdir('/')))
                """.replace("WORK", work), TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.subList(0, 14)).allSatisfy(l -> assertThat(l).endsWith(" False"));
        assertThat(lines.get(14)).isEqualTo("/proc/kcore denied");
        // pid 1 is the sandbox's own init: readable or not, it is not the host's
        assertThat(lines.get(16)).isEqualTo("['group', 'ld.so.cache', 'passwd']");
        assertThat(lines.get(17)).doesNotContain("'root'", "'home'", "'work'", "'sys'", "'var'", "'run'");
    }

    @Test
    void onlyTmpAndDevShmAreWritable() throws Exception {
        Result r = python(wide, """
                import os
                for p in ['/x', '/etc/x', '/usr/x', '/usr/local/x', '/code/x', '/proc/x', '/dev/x', '/tmp/x', '/dev/shm/x']:
                    try:
                        with open(p, 'w') as f:
                            f.write('x')
                        print(p, 'WROTE')
                    except OSError as e:
                        print(p, 'denied')
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.stdout()).isEqualTo("/x denied\n/etc/x denied\n/usr/x denied\n/usr/local/x denied\n/code/x denied\n"
                + "/proc/x denied\n/dev/x denied\n/tmp/x WROTE\n/dev/shm/x WROTE\n");
        assertThat(Path.of("/usr/x")).doesNotExist();
        assertThat(Path.of("/usr/local/x")).doesNotExist();
        assertThat(Path.of("/x")).doesNotExist();
    }

    @Test
    void fillingTmpOrWritingHugeFilesIsCapped() throws Exception {
        Result r = python(wide, """
                import os
                chunk = b'x' * (1 << 20)
                total = 0
                try:
                    with open('/tmp/big', 'wb') as f:
                        while True:
                            f.write(chunk)
                            f.flush()
                            total += len(chunk)
                except OSError as e:
                    print('big', total, e.errno, flush=True)
                os.remove('/tmp/big')
                for d in ['/tmp', '/dev/shm']:
                    total = 0
                    try:
                        i = 0
                        while True:
                            with open(d + '/f' + str(i), 'wb') as f:
                                f.write(chunk)
                            total += len(chunk)
                            i += 1
                    except OSError as e:
                        print(d, total, e.errno, flush=True)
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        List<String[]> lines = r.stdout().lines().map(l -> l.split(" ")).toList();
        assertThat(lines.get(0)[0]).isEqualTo("big");
        assertThat(Long.parseLong(lines.get(0)[1])).isLessThanOrEqualTo(Limits.DEFAULTS.fileSizeBytes());
        assertThat(lines.get(0)[2]).isEqualTo("27"); // EFBIG: RLIMIT_FSIZE
        for (String[] line : lines.subList(1, 3)) {
            assertThat(Long.parseLong(line[1])).isLessThanOrEqualTo(Limits.DEFAULTS.tmpBytes());
            assertThat(line[2]).isEqualTo("28"); // ENOSPC: the tmpfs size
        }
    }

    @Test
    void nothingLeftInTmpOrDevShmForTheNextRun() throws Exception {
        Result first = python(single, """
                for p in ['/tmp/leftover', '/dev/shm/leftover']:
                    with open(p, 'w') as f:
                        f.write('secret')
                print('left')
                """, TestSandboxes.limits(10_000));
        assertThat(first.stdout()).isEqualTo("left\n");
        Result next = python(single, "import os\nprint(os.listdir('/tmp'), os.listdir('/dev/shm'))\n", TestSandboxes.limits(10_000));
        assertThat(next.stdout()).isEqualTo("[] []\n");
    }

    @Test
    void daemonsDoNotOutliveTheRun() throws Exception {
        Result r = python(single, """
                import os, time
                pid = os.fork()
                if pid == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    os._exit(0)
                os.waitpid(pid, 0)
                print('parent done', flush=True)
                """, TestSandboxes.limits(30_000));
        assertThat(r.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.stdout()).isEqualTo("parent done\n");
        assertThat(r.result().wallTime()).isLessThan(Duration.ofSeconds(30));
        LocalSandboxConfig c = single.config();
        assertThat(HostProcesses.liveWithUidIn(c.uidBase(), c.uidBase() + c.slots())).isEmpty();
    }

    @Test
    void plantedSymlinksAndFifosReachNothingOnTheHost() throws Exception {
        Result r = python(wide, """
                import os
                os.symlink('/etc/shadow', '/tmp/status.json')
                os.mkfifo('/tmp/fifo')
                for p in ['/code/status.json', '/code/main.py.lnk', '/status.json']:
                    try:
                        os.symlink('/etc/shadow', p)
                        print('PLANTED', p)
                    except OSError:
                        print('denied', p)
                try:
                    os.mkfifo('/code/fifo')
                    print('PLANTED fifo')
                except OSError:
                    print('denied fifo')
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.stdout()).doesNotContain("PLANTED");
        try (Stream<Path> files = Files.walk(wide.config().workRoot())) {
            assertThat(files.filter(p -> !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))).as("links, FIFOs or devices under the work root").isEmpty();
        }
        try (Stream<Path> runs = Files.list(wide.config().workRoot().resolve("runs"))) {
            assertThat(runs).as("run directories are removed after each run").isEmpty();
        }
    }

    @Test
    void namespaceMountTraceKeyringBpfAndIoUringCallsAreDenied() throws Exception {
        Result r = python(wide, """
                import ctypes, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                libc.syscall.restype = ctypes.c_long
                def sc(name, nr, *args):
                    ctypes.set_errno(0)
                    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
                    print(name, r, ctypes.get_errno())
                sc('unshare', 272, 0x10000000)
                sc('unshare-mount', 272, 0x00020000)
                sc('setns', 308, 0, 0)
                sc('mount', 165, 0, 0, 0, 0, 0)
                sc('umount2', 166, 0, 0)
                sc('pivot_root', 155, 0, 0)
                sc('ptrace', 101, 0, 0, 0, 0)
                sc('process_vm_readv', 310, 1, 0, 0, 0, 0, 0)
                sc('keyctl', 250, 0, 0, 0, 0, 0)
                sc('add_key', 248, 0, 0, 0, 0, 0)
                sc('bpf', 321, 0, 0, 0)
                sc('perf_event_open', 298, 0, 0, -1, -1, 0)
                sc('io_uring_setup', 425, 8, 0)
                sc('userfaultfd', 323, 0)
                sc('kexec_load', 246, 0, 0, 0, 0)
                sc('init_module', 175, 0, 0, 0)
                sc('clone-newuser', 56, 0x10000000 | 17, 0, 0, 0, 0)
                sc('clone-newnet', 56, 0x40000000 | 17, 0, 0, 0, 0)
                sc('x32-getpid', 0x40000000 + 39)
                sc('clone3', 435, 0, 0)
                print('unshare-tool', subprocess.run(['/usr/bin/unshare', '-U', '-r', 'true'], capture_output=True).returncode)
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(21);
        assertThat(lines.subList(0, 19)).allSatisfy(l -> assertThat(l).as(l).endsWith(" -1 1"));
        assertThat(lines.get(19)).isEqualTo("clone3 -1 38"); // ENOSYS, so libc falls back to clone
        assertThat(lines.get(20)).isNotEqualTo("unshare-tool 0");
    }

    @Test
    void terminalInjectionIsDenied() throws Exception {
        Result r = python(wide, """
                import ctypes, fcntl, termios
                try:
                    fcntl.ioctl(0, termios.TIOCSTI, b'x')
                    print('tiocsti ALLOWED')
                except OSError as e:
                    print('tiocsti', e.errno)
                libc = ctypes.CDLL(None, use_errno=True)
                c = ctypes.c_char(b'x')
                r = libc.syscall(ctypes.c_long(16), ctypes.c_long(0), ctypes.c_ulong(0xffffffff00005412), ctypes.byref(c))
                print('tiocsti-high-bits', r, ctypes.get_errno())
                try:
                    open('/dev/tty', 'rb')
                    print('tty OPEN')
                except OSError:
                    print('no tty')
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.stdout()).isEqualTo("tiocsti 1\ntiocsti-high-bits -1 1\nno tty\n");
    }

    @Test
    void killAllAndProcSeeOnlyTheRunItself() throws Exception {
        Capture neighbourOut = new Capture();
        CompletableFuture<RunResult> neighbour = CompletableFuture.supplyAsync(() -> {
            try {
                return wide.run(new RunSpec("adv-neighbour-" + IDS.incrementAndGet(), "python", null,
                        "import time\nprint('a', flush=True)\ntime.sleep(2)\nprint('b')\n", "", List.of(),
                        TestSandboxes.limits(30_000)), neighbourOut, new CancelToken());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertThat(neighbourOut.firstStdout().await(30, TimeUnit.SECONDS)).isTrue();
        Result r = python(wide, """
                import os, signal
                procs = {}
                for p in os.listdir('/proc'):
                    if p.isdigit():
                        with open('/proc/' + p + '/cmdline', 'rb') as f:
                            procs[int(p)] = f.read().replace(b'\\0', b' ').decode()
                print(len(procs), any('java' in c for c in procs.values()), flush=True)
                try:
                    os.kill(-1, signal.SIGKILL)
                    print('killed something')
                except OSError as e:
                    print('kill -1', e.errno)
                """, TestSandboxes.limits(10_000));
        // the run's own pid 1 is exempt and the caller itself is skipped: nobody else is there to kill (ESRCH)
        assertThat(r.stdout()).isEqualTo("2 False\nkill -1 3\n");
        assertThat(r.result().outcome()).isEqualTo(Outcome.SUCCEEDED);
        RunResult other = neighbour.get(30, TimeUnit.SECONDS);
        assertThat(other.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(neighbourOut.stdout()).isEqualTo("a\nb\n");
    }

    @Test
    void noSecretsInTheEnvironmentOrOpenDescriptorsAndNoPrivileges() throws Exception {
        Result r = python(wide, """
                import os, json
                fds = []
                for fd in range(3, 1024):
                    try:
                        os.fstat(fd)
                        fds.append(fd)
                    except OSError:
                        pass
                status = {}
                with open('/proc/self/status') as f:
                    for line in f:
                        k, _, v = line.partition(':')
                        status[k] = v.strip()
                print(json.dumps(dict(env=dict(os.environ), fds=fds, uid=os.getuid(), gid=os.getgid(), groups=os.getgroups(),
                    caps=[status['CapInh'], status['CapPrm'], status['CapEff'], status['CapBnd'], status['CapAmb']],
                    nnp=status['NoNewPrivs'], seccomp=status['Seccomp'], cwd=os.getcwd())))
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        Map<?, ?> seen = dev.sluice.Json.MAPPER.readValue(r.stdout(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) seen.get("env");
        assertThat(env.keySet()).isSubsetOf("PATH", "HOME", "LANG", "PWD").contains("PATH", "HOME", "LANG");
        assertThat(env.get("HOME")).isEqualTo("/tmp");
        assertThat(env.get("LANG")).isEqualTo("C.UTF-8");
        assertThat((List<?>) seen.get("fds")).isEmpty();
        assertThat(seen.get("uid")).isEqualTo(WorkRoot.INNER_ID);
        assertThat(seen.get("gid")).isEqualTo(WorkRoot.INNER_ID);
        assertThat((List<?>) seen.get("caps")).allSatisfy(c -> assertThat(c).isEqualTo("0000000000000000"));
        assertThat(seen.get("nnp")).isEqualTo("1");
        assertThat(seen.get("seccomp")).isEqualTo("2");
        assertThat(seen.get("cwd")).isEqualTo("/tmp");
    }

    @Test
    void cpuBurnOnFourThreadsIsThrottledToTheQuota() throws Exception {
        Result r = run(wide, "bash", "for i in 1 2 3 4; do (while :; do :; done) & done\nwait\n",
                limits(2000, Limits.DEFAULTS.memoryBytes(), 0.5, Limits.DEFAULTS.outputBytes()));
        assertThat(r.result().outcome()).isEqualTo(Outcome.TIMED_OUT);
        double wall = r.result().wallTime().toMillis();
        double cpu = r.result().cpuTime().toMillis();
        assertThat(cpu).as("cpu ms over %s ms wall at a 0.5 quota", wall).isLessThanOrEqualTo(wall * 0.5 * 1.25 + 150);
        assertThat(cpu).as("it did burn").isGreaterThan(wall * 0.5 * 0.3);
    }

    @Test
    void oneHundredMegabyteLineIsCutAtTheLimitInSmallChunks() throws Exception {
        AtomicLong delivered = new AtomicLong();
        AtomicInteger largest = new AtomicInteger();
        OutputSink counting = (stream, chunk) -> {
            delivered.addAndGet(chunk.length);
            largest.accumulateAndGet(chunk.length, Math::max);
        };
        long limit = 16 * Limits.MIB;
        Limits l = new Limits(Duration.ofSeconds(30), 512 * Limits.MIB, 64, 1.0, limit, Limits.MIB, Limits.MIB);
        RunResult r = wide.run(new RunSpec("adv-line-" + IDS.incrementAndGet(), "python", null,
                "import sys\nsys.stdout.write('x' * 100_000_000)\n", "", List.of(), l), counting, new CancelToken());
        assertThat(r.outcome()).isEqualTo(Outcome.OUTPUT_LIMITED);
        assertThat(r.stdoutTruncated()).isTrue();
        assertThat(delivered.get()).isEqualTo(limit);
        assertThat(largest.get()).isLessThanOrEqualTo(OutputPump.CHUNK);
    }

    @Test
    void twentyBadRunsInParallelDoNotInterfere() throws Exception {
        List<Future<Result>> futures = new ArrayList<>();
        List<Outcome> expected = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                String language;
                String code;
                Limits l;
                switch (i % 5) {
                    case 0 -> {
                        language = "bash";
                        code = "bomb() { bomb | bomb & }\nbomb\nsleep 30\n";
                        l = TestSandboxes.limits(2000);
                        expected.add(Outcome.TIMED_OUT);
                    }
                    case 1 -> {
                        language = "python";
                        code = "b = b'x' * (2 << 30)\n";
                        l = limits(60_000, 64 * Limits.MIB, 1.0, Limits.DEFAULTS.outputBytes());
                        expected.add(Outcome.OUT_OF_MEMORY);
                    }
                    case 2 -> {
                        language = "python";
                        code = "while True:\n    pass\n";
                        l = TestSandboxes.limits(2000);
                        expected.add(Outcome.TIMED_OUT);
                    }
                    case 3 -> {
                        language = "bash";
                        code = "while :; do echo y; done\n";
                        l = limits(60_000, Limits.DEFAULTS.memoryBytes(), 1.0, 4096);
                        expected.add(Outcome.OUTPUT_LIMITED);
                    }
                    default -> {
                        language = "python";
                        code = "import sys\nprint('good', sys.argv[1])\n";
                        l = TestSandboxes.limits(60_000);
                        expected.add(Outcome.SUCCEEDED);
                    }
                }
                int n = i;
                futures.add(pool.submit(() -> {
                    Capture out = new Capture();
                    RunResult result = wide.run(new RunSpec("adv-par-" + n, language, null, code, "", List.of(String.valueOf(n)), l),
                            out, new CancelToken());
                    return new Result(result, out);
                }));
            }
            for (int i = 0; i < 20; i++) {
                Result r = futures.get(i).get(120, TimeUnit.SECONDS);
                assertThat(r.result().outcome()).as("run %d: %s", i, r.result().detail()).isEqualTo(expected.get(i));
                if (expected.get(i) == Outcome.SUCCEEDED) {
                    assertThat(r.stdout()).isEqualTo("good " + i + "\n");
                }
            }
        }
    }

    @Test
    void rlimitsAreSetAsHardLimits() throws Exception {
        Result r = python(wide, """
                import resource
                for name in ['RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_CORE', 'RLIMIT_AS']:
                    print(name, *resource.getrlimit(getattr(resource, name)))
                """, TestSandboxes.limits(10_000));
        assertThat(r.result().outcome()).as(r.out().stderr()).isEqualTo(Outcome.SUCCEEDED);
        long cpu = LaunchCommand.cpuSeconds(TestSandboxes.limits(10_000));
        long fsize = Limits.DEFAULTS.fileSizeBytes();
        assertThat(r.stdout()).isEqualTo("RLIMIT_CPU " + cpu + " " + cpu + "\nRLIMIT_FSIZE " + fsize + " " + fsize
                + "\nRLIMIT_NOFILE 256 256\nRLIMIT_CORE 0 0\nRLIMIT_AS -1 -1\n");
    }

    @Test
    void everyProcessOfARunIsTheSlotUidOnTheHostNeverRoot() throws Exception {
        Capture out = new Capture();
        String uidRunId = "adv-uid-" + IDS.incrementAndGet();
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return single.run(new RunSpec(uidRunId, "bash", null, "echo up\nsleep 2 & sleep 2\nwait\n", "",
                        List.of(), TestSandboxes.limits(30_000)), out, new CancelToken());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.firstStdout().await(30, TimeUnit.SECONDS)).isTrue();
        CgroupDriver driver = CgroupMounts.ofThisProcess().driver(single.config().cgroupName()).orElseThrow();
        List<RunCgroup> groups = driver.leftovers();
        assertThat(groups).hasSize(1);
        List<Long> pids = CgroupFiles.pids(groups.getFirst().procsFiles().getFirst());
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3); // bwrap, its init, bash and the sleeps
        for (long pid : pids) {
            String uidLine = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .findFirst().orElseThrow();
            assertThat(uidLine.split("\\s+")).as("pid %d: %s", pid, uidLine).containsOnly("Uid:", String.valueOf(single.config().uidOf(0)));
        }
        Path source = single.config().workRoot().resolve("runs/s0-" + uidRunId + "/code/main.sh");
        assertThat(Files.getAttribute(source, "unix:uid")).as("the code belongs to the slot").isEqualTo(single.config().uidOf(0));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(source))).isEqualTo("r--------");
        assertThat(running.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aProgramThatNeverReadsItsInputDoesNotBlockAnyone() throws Exception {
        String input = "x".repeat(8 * 1024 * 1024);
        Capture out = new Capture();
        RunResult done = wide.run(new RunSpec("adv-stdin-" + IDS.incrementAndGet(), "python", null, "print('not reading')\n", input,
                List.of(), TestSandboxes.limits(10_000)), out, new CancelToken());
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.stdout()).isEqualTo("not reading\n");
        RunResult stuck = wide.run(new RunSpec("adv-stdin-" + IDS.incrementAndGet(), "bash", null, "sleep 30\n", input,
                List.of(), TestSandboxes.limits(1000)), OutputSink.DISCARD, new CancelToken());
        assertThat(stuck.outcome()).isEqualTo(Outcome.TIMED_OUT);
    }
}
