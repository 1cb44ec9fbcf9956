package dev.sluice.bench;

/** Entry point of ./sluice bench. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("no benchmarks yet");
    }
}
