/* test-async.vala: Dispatcher.dispatch_async from Vala, with yield
 *
 * Each test is an async method driven by a MainLoop (drive ()): the
 * solution is the synchronous one, the continuation after yield runs on
 * the main thread while the loop kept running, Vala lambdas run at the same
 * time under `async` (on pool threads, which is fine for Vala), C functions
 * by reference (Function.for_ref) run in threads and in worker processes,
 * the progress object reports on the main thread, cancelling gives
 * IOError.CANCELLED, errors keep their domain and code, many dispatches at
 * once all complete. The expectations are those of tests/test-async.c; no
 * check is on timing.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

unowned Thread<void*> main_thread;

bool on_main_thread () {
	return Thread.self<void*> () == main_thread;
}

/* Driving an async test ------------------------------------------------ */

delegate void Start (AsyncReadyCallback done);
delegate void Finish (AsyncResult result) throws GLib.Error;

/* Runs a main loop until the async method that start () began is over;
 * what finish () (its .end) throws, this throws. A dispatch that never
 * completes (a call posted to the main context that never runs it) fails
 * the test after WATCHDOG_S seconds, before meson's timeout, saying so. */
const uint WATCHDOG_S = 25;

void drive (Start start, Finish finish) throws GLib.Error {
	var loop = new MainLoop ();
	GLib.Error? error = null;
	bool done = false;
	uint watchdog = Timeout.add_seconds (WATCHDOG_S, () => {
		GLib.error ("%s: not over after %u s", Test.get_path (), WATCHDOG_S);
		return Source.REMOVE;  /* not reached (valac does not know) */
	});

	start ((source, result) => {
		try {
			finish (result);
		} catch (GLib.Error e) {
			error = e.copy ();
		}
		done = true;
		loop.quit ();
	});
	if (!done)
		loop.run ();
	Source.remove (watchdog);
	/* The dispatch left the main context as it found it: free. A thread
	 * that released it without owning it leaves GLib's count of owners
	 * wrong, which the next acquire () finds (a GLib assertion). */
	unowned MainContext context = MainContext.default ();
	assert_false (context.is_owner ());
	assert_true (context.acquire ());
	context.release ();
	if (error != null)
		throw error.copy ();
}

/* Helpers --------------------------------------------------------------- */

string test_functions () {
	string? path = Environment.get_variable ("SCHEDULA_TEST_FUNCTIONS");
	assert_nonnull (path);
	return path;
}

/* A C function of tests/test-functions.c, by its reference */
Schedula.Function cfn (string symbol) throws GLib.Error {
	return new Schedula.Function.for_ref ("c:%s:%s".printf (test_functions (), symbol));
}

Schedula.DispatchOptions options (string? executor, Schedula.Progress? progress = null) {
	var o = new Schedula.DispatchOptions ();
	if (executor != null)
		o.set_executor (executor);
	if (progress != null)
		o.set_progress (progress);
	return o;
}

unowned string executor_name (string? executor) {
	return executor ?? "none";
}

int own_pid () throws GLib.Error {
	return (int) new Credentials ().get_unix_pid ();
}

/* What a progress object reports: its signals in order
 * ("started:path:RUNNING"), those that came off the main thread, the most
 * nodes running at a node-started signal */
class Recorder : Object {
	public string[] events = {};
	public int off_main = 0;
	public int finished = 0;
	public uint max_running = 0;
	Schedula.Progress progress;
	ulong started_id;
	ulong finished_id;

	public Recorder (Schedula.Progress progress) {
		this.progress = progress;
		started_id = progress.node_started.connect ((p, state) => {
			if (!on_main_thread ())
				off_main++;
			events += "started:%s:%s".printf (state.get_path (), status_name (state.get_status ()));
			max_running = uint.max (max_running, p.get_n_running ());
		});
		finished_id = progress.node_finished.connect ((p, state) => {
			if (!on_main_thread ())
				off_main++;
			finished++;
			events += "finished:%s:%s".printf (state.get_path (), status_name (state.get_status ()));
		});
	}

	public void disconnect_all () {
		SignalHandler.disconnect (progress, started_id);
		SignalHandler.disconnect (progress, finished_id);
	}

	/* the signals of one node: "started:RUNNING finished:DONE" */
	public string of (string path) {
		string[] mine = {};
		foreach (unowned string e in events) {
			string[] parts = e.split (":");
			if (parts[1] == path)
				mine += "%s:%s".printf (parts[0], parts[2]);
		}
		return string.joinv (" ", mine);
	}
}

string status_name (Schedula.NodeStatus status) {
	switch (status) {
	case Schedula.NodeStatus.WAITING:
		return "WAITING";
	case Schedula.NodeStatus.RUNNING:
		return "RUNNING";
	case Schedula.NodeStatus.DONE:
		return "DONE";
	case Schedula.NodeStatus.FAILED:
		return "FAILED";
	case Schedula.NodeStatus.SKIPPED:
		return "SKIPPED";
	default:
		return "?";
	}
}

/* The solution, the main thread, the main loop ------------------------- */

/* inc: a -> b, double: b -> c, add: b, c -> d (lambdas of common.vala);
 * sq0..sq5: a -> s0..s5 (lambdas); sleep (C, tf_sleep_sum): ms -> slept;
 * after (lambda): slept, d -> e */
async void test_solution () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("vala");
	int calls = 0;

	dsp.add_function ("inc", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("double", fn_double (), {"b"}, {"c"});
	dsp.add_function ("add", fn_add (), {"b", "c"}, {"d"});
	for (int i = 0; i < 6; i++) {
		int64 k = i;
		dsp.add_function ("sq%d".printf (i), new Schedula.Function ("sq", (call) => {
			AtomicInt.inc (ref calls);
			int64 x = int_of (call.get_input (0));
			call.set_output (0, x * x + k);
			return true;
		}), {"a"}, {"s%d".printf (i)});
	}
	dsp.add_function ("sleep", cfn ("tf_sleep_sum"), {"ms"}, {"slept"});
	dsp.add_function ("after", fn_add (), {"slept", "d"}, {"e"});

	var table = inputs ({"a", "ms"}, {3, 100});
	var sync = dsp.dispatch (table, null, null, null);
	assert_cmpstr (sol_str (sync), CompareOperator.EQ,
	               "a=3, ms=100, b=4, s0=9, s1=10, s2=11, s3=12, s4=13, s5=14, slept=100, c=8, d=12, e=112");

	string?[] executors = {null, "async", "parallel-pool", "parallel"};
	foreach (unowned string? executor in executors) {
		uint ticks = 0;
		uint ticker = Timeout.add (1, () => {
			ticks++;
			return Source.CONTINUE;
		});
		AtomicInt.set (ref calls, 0);

		var sol = yield dsp.dispatch_async (table, null, options (executor), null);

		Source.remove (ticker);
		Test.message ("%s: %u ticks of the main loop during the dispatch", executor_name (executor), ticks);
		assert_true (on_main_thread ());
		assert_cmpuint (ticks, CompareOperator.GT, 0);
		assert_cmpstr (sol_str (sol), CompareOperator.EQ, sol_str (sync));
		assert_cmpuint (sol.get_n_values (), CompareOperator.EQ, sync.get_n_values ());
		assert_cmpstr (dist_str (sol), CompareOperator.EQ, dist_str (sync));
		assert_cmpstr (wf_str (sol, false), CompareOperator.EQ, wf_str (sync, false));
		assert_cmpstr (wf_str (sol, true), CompareOperator.EQ, wf_str (sync, true));
		assert_cmpint (AtomicInt.get (ref calls), CompareOperator.EQ, 6);
	}
}

/* Vala lambdas under async ---------------------------------------------- */

/* A rendezvous: each caller waits until `n` have arrived, at most
 * `timeout_s` seconds; once one gave up, nobody waits. */
class Rendezvous : Object {
	Mutex mutex = Mutex ();
	Cond cond = Cond ();
	int n;
	int arrived = 0;
	bool broken = false;
	public int off_main = 0;

	public Rendezvous (int n) {
		this.n = n;
	}

	public bool meet (double timeout_s) {
		int64 end = get_monotonic_time () + (int64) (timeout_s * TimeSpan.SECOND);
		mutex.lock ();
		arrived++;
		if (!on_main_thread ())
			off_main++;
		cond.broadcast ();
		while (arrived < n && !broken) {
			if (!cond.wait_until (mutex, end))
				broken = true;
		}
		bool ok = arrived >= n;
		mutex.unlock ();
		return ok;
	}

	public int get_arrived () {
		mutex.lock ();
		int a = arrived;
		mutex.unlock ();
		return a;
	}
}

/* six lambdas w0..w5: a -> x0..x5 that wait for each other: under async
 * they all run at once (in pool threads: Vala does not care), and every
 * one of them ran; with no executor they run one after the other */
async void test_lambdas () throws GLib.Error {
	string?[] executors = {"async", null};
	foreach (unowned string? executor in executors) {
		var dsp = new Schedula.Dispatcher ("lambdas");
		/* with no executor, nobody to wait for */
		var rendezvous = new Rendezvous (executor != null ? 6 : 1);
		int met = 0;

		for (int i = 0; i < 6; i++) {
			dsp.add_function ("w%d".printf (i), new Schedula.Function ("w", (call) => {
				if (rendezvous.meet (10))
					AtomicInt.inc (ref met);
				call.set_output (0, int_of (call.get_input (0)) + 1);
				return true;
			}), {"a"}, {"x%d".printf (i)});
		}
		var sol = yield dsp.dispatch_async (inputs ({"a"}, {1}), null, options (executor), null);

		assert_true (on_main_thread ());
		assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, x0=2, x1=2, x2=2, x3=2, x4=2, x5=2");
		assert_cmpint (rendezvous.get_arrived (), CompareOperator.EQ, 6);
		/* all six were running at the same time */
		assert_cmpint (AtomicInt.get (ref met), CompareOperator.EQ, 6);
		Test.message ("%s: %d of the six calls off the main thread", executor_name (executor),
		              rendezvous.off_main);
		if (executor == null)
			assert_cmpint (rendezvous.off_main, CompareOperator.EQ, 6);  /* the dispatch's thread */
	}
}

/* Functions marked MAIN_CONTEXT (what GJS's are) run on the main thread,
 * also in a chain, where each is the only call the executor has */
async void test_main_context () throws GLib.Error {
	string?[] executors = {"async", null, "parallel-pool"};
	foreach (unowned string? executor in executors) {
		var dsp = new Schedula.Dispatcher ("pinned");
		int on_main = 0, calls = 0;
		string[] ids = {"a", "b", "c", "d"};

		for (int i = 0; i < 3; i++) {
			var f = new Schedula.Function ("m", (call) => {
				AtomicInt.inc (ref calls);
				if (on_main_thread ())
					AtomicInt.inc (ref on_main);
				call.set_output (0, int_of (call.get_input (0)) * 2);
				return true;
			});
			f.flags = Schedula.FunctionFlags.MAIN_CONTEXT;
			dsp.add_function ("m%d".printf (i), f, {ids[i]}, {ids[i + 1]});
		}
		var sol = yield dsp.dispatch_async (inputs ({"a"}, {1}), null, options (executor), null);

		assert_true (on_main_thread ());
		assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=4, d=8");
		assert_cmpint (calls, CompareOperator.EQ, 3);
		assert_cmpint (on_main, CompareOperator.EQ, 3);
	}
}

/* C functions by reference ---------------------------------------------- */

/* s0..s5 (tf_sleep_sum): ms -> o0..o5; p0..p5 (tf_pid) fed from START:
 * the process each ran in. The progress object reports a call when it is
 * handed to the executor: several nodes running at a node-started signal
 * means that the dispatch did not wait for a call before making the next. */
async void test_c_functions () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("sleepers");
	int pid = own_pid ();

	for (int i = 0; i < 6; i++) {
		dsp.add_function ("s%d".printf (i), cfn ("tf_sleep_sum"), {"ms"}, {"o%d".printf (i)});
		dsp.add_function ("p%d".printf (i), cfn ("tf_pid"), null, {"pid%d".printf (i)});
	}
	string?[] executors = {"async", "parallel-pool", null};
	int64[] sleeps = {200, 200, 20};
	for (int k = 0; k < executors.length; k++) {
		unowned string? executor = executors[k];
		var progress = new Schedula.Progress ();
		var recorder = new Recorder (progress);

		var sol = yield dsp.dispatch_async (inputs ({"ms"}, {sleeps[k]}), null,
		                                    options (executor, progress), null);

		recorder.disconnect_all ();
		assert_true (on_main_thread ());
		Test.message ("%s: at most %u nodes running at once", executor_name (executor), recorder.max_running);
		for (int i = 0; i < 6; i++)
			assert_cmpint ((int) int_of (sol.lookup ("o%d".printf (i))), CompareOperator.EQ, (int) sleeps[k]);
		assert_cmpuint (progress.get_n_done (), CompareOperator.EQ, 12);
		assert_cmpint (recorder.off_main, CompareOperator.EQ, 0);
		if (executor == null)
			assert_cmpuint (recorder.max_running, CompareOperator.EQ, 1);
		else
			assert_cmpuint (recorder.max_running, CompareOperator.GT, 1);
		for (int i = 0; i < 6; i++) {
			int64 p = int_of (sol.lookup ("pid%d".printf (i)));
			if (executor == "parallel-pool")
				assert_true (p > 0 && p != pid);  /* a worker process */
			else
				assert_cmpint ((int) p, CompareOperator.EQ, pid);
		}
	}
}

/* Progress ------------------------------------------------------------ */

/* inc (lambda): a -> b, double (lambda): b -> c, sleep (C): ms -> w, bad
 * (C, tf_fail): a -> x, bang (lambda): b -> y, throws TestError.BANG,
 * never (C): nothing -> z, which nothing feeds */
async void test_progress () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("progress");
	dsp.add_function ("inc", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("double", fn_double (), {"b"}, {"c"});
	dsp.add_function ("sleep", cfn ("tf_sleep_sum"), {"ms"}, {"w"});
	dsp.add_function ("bad", cfn ("tf_fail"), {"a"}, {"x"});
	dsp.add_function ("bang", new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang in %s", call.get_node_id ());
	}), {"b"}, {"y"});
	dsp.add_function ("never", cfn ("tf_sum"), {"nothing"}, {"z"});
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;

	var progress = new Schedula.Progress ();
	string?[] executors = {null, "async", "parallel-pool"};
	foreach (unowned string? executor in executors) {
		var recorder = new Recorder (progress);

		var sol = yield dsp.dispatch_async (inputs ({"a", "ms"}, {1, 20}), null,
		                                    options (executor, progress), null);

		/* all in before the continuation */
		assert_true (on_main_thread ());
		assert_cmpint (recorder.finished, CompareOperator.EQ, 5);
		assert_cmpuint (progress.get_n_done (), CompareOperator.EQ, 3);
		assert_cmpuint (progress.get_n_failed (), CompareOperator.EQ, 2);
		assert_cmpuint (progress.get_n_skipped (), CompareOperator.EQ, 1);
		assert_cmpuint (progress.get_n_running (), CompareOperator.EQ, 0);
		assert_false (progress.get_dispatching ());
		recorder.disconnect_all ();

		assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, ms=20, b=2, w=20, c=4");
		assert_cmpint (recorder.off_main, CompareOperator.EQ, 0);
		assert_cmpstr (recorder.of ("inc"), CompareOperator.EQ, "started:RUNNING finished:DONE");
		assert_cmpstr (recorder.of ("sleep"), CompareOperator.EQ, "started:RUNNING finished:DONE");
		assert_cmpstr (recorder.of ("bad"), CompareOperator.EQ, "started:RUNNING finished:FAILED");
		assert_cmpstr (recorder.of ("bang"), CompareOperator.EQ, "started:RUNNING finished:FAILED");
		assert_cmpstr (recorder.of ("never"), CompareOperator.EQ, "");

		/* the list model */
		assert_true (progress.get_item_type () == typeof (Schedula.NodeState));
		assert_cmpuint (progress.get_n_items (), CompareOperator.EQ, 6);
		string[] paths = {};
		for (uint i = 0; i < progress.get_n_items (); i++) {
			var state = (Schedula.NodeState) progress.get_item (i);
			assert_true (progress.lookup (state.get_path ()) == state);
			paths += state.get_path ();
		}
		assert_cmpstr (join (sort_strv (paths)), CompareOperator.EQ, "bad, bang, double, inc, never, sleep");

		assert_true (progress.lookup ("inc").get_status () == Schedula.NodeStatus.DONE);
		assert_true (progress.lookup ("inc").get_error () == null);
		assert_cmpfloat (progress.lookup ("inc").get_duration (), CompareOperator.GE, 0);
		assert_true (progress.lookup ("never").get_status () == Schedula.NodeStatus.SKIPPED);
		assert_true (progress.lookup ("never").get_error () == null);

		unowned Schedula.NodeState bad = progress.lookup ("bad");
		assert_true (bad.get_status () == Schedula.NodeStatus.FAILED);
		assert_error (bad.get_error (), IOError.quark (), IOError.FAILED);
		assert_cmpstr (bad.get_error ().message, CompareOperator.EQ, "fail in bad");

		unowned Schedula.NodeState bang = progress.lookup ("bang");
		assert_true (bang.get_status () == Schedula.NodeStatus.FAILED);
		assert_true (bang.get_error () is TestError.BANG);
		assert_cmpstr (bang.get_error ().message, CompareOperator.EQ, "bang in bang");
		/* the property gives a copy of the same error */
		GLib.Error e = bang.error;
		assert_true (e is TestError.BANG);
	}
}

/* Cancellation ---------------------------------------------------------- */

/* c00..c19 (tf_sleep_sum): ms -> v00 -> ... -> v19; the first node-finished
 * cancels */
async void test_cancel () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("chain");
	for (int i = 0; i < 20; i++) {
		string from = i == 0 ? "ms" : "v%02d".printf (i - 1);
		dsp.add_function ("c%02d".printf (i), cfn ("tf_sleep_sum"), {from}, {"v%02d".printf (i)});
	}

	string?[] executors = {null, "async", "parallel-pool"};
	foreach (unowned string? executor in executors) {
		var progress = new Schedula.Progress ();
		var cancellable = new Cancellable ();
		progress.node_finished.connect (() => cancellable.cancel ());
		bool cancelled = false;

		try {
			yield dsp.dispatch_async (inputs ({"ms"}, {30}), null, options (executor, progress), cancellable);
		} catch (IOError.CANCELLED e) {
			cancelled = true;
		}
		assert_true (on_main_thread ());
		assert_true (cancelled);
		uint done = progress.get_n_done ();
		Test.message ("%s: %u of 20 done", executor_name (executor), done);
		assert_cmpuint (done, CompareOperator.GE, 1);
		assert_cmpuint (done, CompareOperator.LT, 20);
		assert_cmpuint (done + progress.get_n_failed () + progress.get_n_skipped (), CompareOperator.EQ, 20);
		assert_cmpuint (progress.get_n_running (), CompareOperator.EQ, 0);
		assert_false (progress.get_dispatching ());
	}

	/* cancelled before it starts */
	var before = new Cancellable ();
	before.cancel ();
	try {
		yield dsp.dispatch_async (inputs ({"ms"}, {30}), null, options ("async"), before);
		assert_not_reached ();
	} catch (IOError.CANCELLED e) {
		assert_true (on_main_thread ());
	}
}

/* Errors -------------------------------------------------------------- */

async void test_errors () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("errors");
	dsp.add_function ("inc", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("missing", new Schedula.Function ("missing", (call) => {
		throw new IOError.NOT_FOUND ("nothing at %s", value_str (call.get_input (0)));
	}), {"b"}, {"c"});

	/* an unknown executor */
	try {
		yield dsp.dispatch_async (inputs ({"a"}, {1}), null, options ("no-such-executor"), null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true (on_main_thread ());
		assert_true ("no-such-executor" in e.message);
	}

	/* RECORD_SILENTLY: the failure is recorded with its domain and code */
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	string?[] executors = {null, "async", "parallel-pool"};
	foreach (unowned string? executor in executors) {
		var sol = yield dsp.dispatch_async (inputs ({"a"}, {1}), null, options (executor), null);
		assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2");
		assert_error (sol.get_error ("missing"), IOError.quark (), IOError.NOT_FOUND);
		assert_cmpstr (sol.get_error ("missing").message, CompareOperator.EQ, "nothing at 2");
	}

	/* RAISE: what dispatch () throws, the await throws */
	dsp.raises = Schedula.Raises.RAISE;
	string sync_message = "";
	try {
		dsp.dispatch (inputs ({"a"}, {1}), null, null, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED e) {
		sync_message = e.message;
	}
	assert_cmpstr (sync_message, CompareOperator.EQ, "Failed DISPATCHING 'missing' due to:\n  nothing at 2");
	foreach (unowned string? executor in executors) {
		try {
			yield dsp.dispatch_async (inputs ({"a"}, {1}), null, options (executor), null);
			assert_not_reached ();
		} catch (Schedula.DispatchError.NODE_FAILED e) {
			assert_cmpstr (e.message, CompareOperator.EQ, sync_message);
			/* the failed dispatch's solution stays with the dispatcher */
			var last = dsp.get_solution ();
			assert_error (last.get_error ("missing"), IOError.quark (), IOError.NOT_FOUND);
		}
	}

	/* a C function failing in a worker process */
	var c = new Schedula.Dispatcher ("c");
	c.add_function ("bad", cfn ("tf_fail"), {"a"}, {"x"});
	c.raises = Schedula.Raises.RAISE;
	try {
		yield c.dispatch_async (inputs ({"a"}, {1}), null, options ("parallel-pool"), null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED e) {
		assert_true ("fail in bad" in e.message);
	}
}

/* Many at once -------------------------------------------------------- */

class Tally {
	public int pending = 0;
	public int wrong = 0;
}

async void dispatch_one (Schedula.Dispatcher dsp, int64 a, Schedula.DispatchOptions? opts, Tally tally) {
	try {
		var sol = yield dsp.dispatch_async (inputs ({"a"}, {a}), null, opts, null);
		string expected = "a=%s, b=%s, c=%s, d=%s".printf (a.to_string (), (a + 1).to_string (),
		                                                   (2 * (a + 1)).to_string (), (3 * a + 2).to_string ());
		if (!on_main_thread () || sol_str (sol) != expected)
			tally.wrong++;
	} catch (GLib.Error e) {
		tally.wrong++;
	}
}

/* 200 dispatches of one model at once, each with its own inputs */
async void test_many () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("small");
	dsp.add_function ("inc", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("double", fn_double (), {"b"}, {"c"});
	dsp.add_function ("sum", cfn ("tf_sum"), {"a", "c"}, {"d"});
	var shared = options ("async");
	var tally = new Tally ();

	for (int i = 0; i < 200; i++) {
		/* none, a shared one, one each (an if: valac 0.56 refs a freed
		 * temporary for `c ? null : d ? shared : options ("async")`) */
		Schedula.DispatchOptions? opts = null;
		if (i % 3 == 1)
			opts = shared;
		else if (i % 3 == 2)
			opts = options ("async");
		tally.pending++;
		dispatch_one.begin (dsp, i, opts, tally, () => {
			if (--tally.pending == 0)
				test_many.callback ();
		});
	}
	yield;
	assert_true (on_main_thread ());
	assert_cmpint (tally.pending, CompareOperator.EQ, 0);
	assert_cmpint (tally.wrong, CompareOperator.EQ, 0);
}

int main (string[] args) {
	Test.init (ref args);
	main_thread = Thread.self<void*> ();

	add ("/Schedula/Vala/Async/solution", () => drive ((done) => test_solution.begin (done),
	                                                   (r) => test_solution.end (r)));
	add ("/Schedula/Vala/Async/lambdas", () => drive ((done) => test_lambdas.begin (done),
	                                                  (r) => test_lambdas.end (r)));
	add ("/Schedula/Vala/Async/main-context", () => drive ((done) => test_main_context.begin (done),
	                                                      (r) => test_main_context.end (r)));
	add ("/Schedula/Vala/Async/c-functions", () => drive ((done) => test_c_functions.begin (done),
	                                                      (r) => test_c_functions.end (r)));
	add ("/Schedula/Vala/Async/progress", () => drive ((done) => test_progress.begin (done),
	                                                   (r) => test_progress.end (r)));
	add ("/Schedula/Vala/Async/cancel", () => drive ((done) => test_cancel.begin (done),
	                                                 (r) => test_cancel.end (r)));
	add ("/Schedula/Vala/Async/errors", () => drive ((done) => test_errors.begin (done),
	                                                 (r) => test_errors.end (r)));
	add ("/Schedula/Vala/Async/many", () => drive ((done) => test_many.begin (done),
	                                               (r) => test_many.end (r)));
	return Test.run ();
}
