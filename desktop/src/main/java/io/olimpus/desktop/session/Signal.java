package io.olimpus.desktop.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A value told to its listeners each time it is set, even when it equals the last one: a notice
 * said twice shows twice, and a screen asked for again is shown again (a property would stay quiet).
 */
final class Signal<T> {
    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();
    private T value;

    Signal(T initial) { value = initial; }

    T get() { return value; }

    void set(T v) {
        value = v;
        for (Consumer<? super T> l : listeners) l.accept(v);
    }

    void listen(Consumer<? super T> listener) { listeners.add(listener); }
}
