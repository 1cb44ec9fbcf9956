package dev.sluice.sandbox;

import java.util.Map;

/**
 * The same small programs written in each language the contract covers. A runner that offers a
 * language missing here fails the contract: whoever adds a runtime adds its programs.
 */
public interface Programs {

    /** Prints "hello, world" and a newline. */
    String hello();

    /** Copies standard input to standard output. */
    String echoStdin();

    /** Prints each argument on its own line. */
    String printArgs();

    /** Exits with {@code code} without printing. */
    String exitWith(int code);

    /** Prints {@code text} (ASCII-escaped in the source where the language needs it) and a newline. */
    String printUnicode();

    /** Prints "out" to stdout and "err" to stderr. */
    String stdoutAndStderr();

    /** Prints "first", sleeps a second, prints "second", flushing each. */
    String printSleepPrint();

    /** Prints "started", then spins forever. */
    String busyLoop();

    /** Prints "y" lines forever. */
    String endlessOutput();

    /** Prints "allocating", then fills 1 GiB of memory. */
    String allocateGiB();

    /** Whether running out of heap is the language's own error (FAILED) before the cgroup limit (OUT_OF_MEMORY). */
    default boolean heapLimitedBeforeCgroup() {
        return false;
    }

    /** The text {@link #printUnicode()} prints. */
    String UNICODE = "héllo wörld ✓ 日本語 🚀";

    Map<String, Programs> BY_LANGUAGE = Map.of(
            "python", new Python(),
            "node", new Node(),
            "bash", new Bash(),
            "java", new Java(),
            "ruby", new Ruby());

    static Programs of(String language) {
        Programs programs = BY_LANGUAGE.get(language);
        if (programs == null) {
            throw new AssertionError("the runner offers '" + language + "' but the contract has no programs for it: add them to "
                    + Programs.class.getName());
        }
        return programs;
    }

    final class Python implements Programs {
        public String hello() {
            return "print('hello, world')\n";
        }

        public String echoStdin() {
            return "import sys\nsys.stdout.write(sys.stdin.read())\n";
        }

        public String printArgs() {
            return "import sys\nfor a in sys.argv[1:]:\n    print(a)\n";
        }

        public String exitWith(int code) {
            return "import sys\nsys.exit(" + code + ")\n";
        }

        public String printUnicode() {
            return "print('" + UNICODE + "')\n";
        }

        public String stdoutAndStderr() {
            return "import sys\nprint('out')\nprint('err', file=sys.stderr)\n";
        }

        public String printSleepPrint() {
            return "import time\nprint('first', flush=True)\ntime.sleep(1)\nprint('second', flush=True)\n";
        }

        public String busyLoop() {
            return "print('started', flush=True)\nwhile True:\n    pass\n";
        }

        public String endlessOutput() {
            return "while True:\n    print('y')\n";
        }

        public String allocateGiB() {
            return "print('allocating', flush=True)\nb = bytearray(1 << 30)\nprint(len(b))\n";
        }
    }

    final class Node implements Programs {
        public String hello() {
            return "console.log('hello, world');\n";
        }

        public String echoStdin() {
            return "process.stdin.pipe(process.stdout);\n";
        }

        public String printArgs() {
            return "for (const a of process.argv.slice(2)) console.log(a);\n";
        }

        public String exitWith(int code) {
            return "process.exit(" + code + ");\n";
        }

        public String printUnicode() {
            return "console.log('" + UNICODE + "');\n";
        }

        public String stdoutAndStderr() {
            return "console.log('out');\nconsole.error('err');\n";
        }

        public String printSleepPrint() {
            return "console.log('first');\nsetTimeout(() => console.log('second'), 1000);\n";
        }

        public String busyLoop() {
            return "process.stdout.write('started\\n', () => { for (;;) {} });\n";
        }

        public String endlessOutput() {
            return "const line = 'y\\n'.repeat(1024);\nfunction more() { while (process.stdout.write(line)) {} "
                    + "process.stdout.once('drain', more); }\nmore();\n";
        }

        public String allocateGiB() {
            return "console.log('allocating');\nconst b = Buffer.alloc(1 << 30);\nb.fill(1);\nconsole.log(b.length);\n";
        }
    }

    final class Bash implements Programs {
        public String hello() {
            return "echo 'hello, world'\n";
        }

        public String echoStdin() {
            return "cat\n";
        }

        public String printArgs() {
            return "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n";
        }

        public String exitWith(int code) {
            return "exit " + code + "\n";
        }

        public String printUnicode() {
            return "echo '" + UNICODE + "'\n";
        }

        public String stdoutAndStderr() {
            return "echo out\necho err >&2\n";
        }

        public String printSleepPrint() {
            return "echo first\nsleep 1\necho second\n";
        }

        public String busyLoop() {
            return "echo started\nwhile :; do :; done\n";
        }

        public String endlessOutput() {
            return "while :; do echo y; done\n";
        }

        public String allocateGiB() {
            // tail keeps the whole unfinished line of a newline-free stream in memory
            return "echo allocating\nhead -c 1073741824 /dev/zero | tail -n 1 > /dev/null\n";
        }
    }

    final class Java implements Programs {
        private static String main(String body) {
            return "import java.util.*;\nclass Main {\n  public static void main(String[] args) throws Exception {\n" + body
                    + "\n  }\n}\n";
        }

        public String hello() {
            return main("System.out.println(\"hello, world\");");
        }

        public String echoStdin() {
            return main("System.in.transferTo(System.out); System.out.flush();");
        }

        public String printArgs() {
            return main("for (String a : args) System.out.println(a);");
        }

        public String exitWith(int code) {
            return main("System.exit(" + code + ");");
        }

        public String printUnicode() {
            return main("System.out.println(\"" + UNICODE + "\");");
        }

        public String stdoutAndStderr() {
            return main("System.out.println(\"out\"); System.err.println(\"err\");");
        }

        public String printSleepPrint() {
            return main("System.out.println(\"first\"); System.out.flush(); Thread.sleep(1000); System.out.println(\"second\");");
        }

        public String busyLoop() {
            return main("System.out.println(\"started\"); System.out.flush(); long n = 0; while (n >= 0) { n++; }");
        }

        public String endlessOutput() {
            return main("while (true) System.out.println(\"y\");");
        }

        public String allocateGiB() {
            return main("System.out.println(\"allocating\"); System.out.flush(); List<byte[]> keep = new ArrayList<>();"
                    + " for (int i = 0; i < 1024; i++) keep.add(new byte[1 << 20]); System.out.println(keep.size());");
        }

        @Override
        public boolean heapLimitedBeforeCgroup() {
            return true;
        }
    }

    final class Ruby implements Programs {
        public String hello() {
            return "puts 'hello, world'\n";
        }

        public String echoStdin() {
            return "$stdout.write($stdin.read)\n";
        }

        public String printArgs() {
            return "ARGV.each { |a| puts a }\n";
        }

        public String exitWith(int code) {
            return "exit " + code + "\n";
        }

        public String printUnicode() {
            return "# encoding: utf-8\nputs '" + UNICODE + "'\n";
        }

        public String stdoutAndStderr() {
            return "puts 'out'\n$stderr.puts 'err'\n";
        }

        public String printSleepPrint() {
            return "puts 'first'\nsleep 1\nputs 'second'\n";
        }

        public String busyLoop() {
            return "puts 'started'\nloop { }\n";
        }

        public String endlessOutput() {
            return "loop { puts 'y' }\n";
        }

        public String allocateGiB() {
            return "puts 'allocating'\ns = 'x' * (1 << 30)\nputs s.size\n";
        }
    }
}
