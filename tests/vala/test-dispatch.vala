/* test-dispatch.vala: dispatching from Vala: inputs, outputs, options,
 * defaults, domains, combiners, filters, callbacks, errors thrown in
 * lambdas, raises policies, sub-dispatchers, cancellation, threads
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* SEMANTICS Example 2.01, schedula's documented example (examples/flagship.c
 * in C): diff_function = b - a -> c, log (c) -> d behind the domain "every
 * argument > 0", b defaults to 1, d defaults to 4, waits for its inputs and
 * takes the mean of the estimations, with a callback. */
void test_flagship () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("example 2.01");
	string[] estimations = {};
	string[] callback_log = {};

	var diff = new Schedula.Function ("diff_function", (call) => {
		unowned Value? b = call.get_input (0);
		unowned Value? a = call.get_input (1);
		if (b.holds (typeof (int64)) && a.holds (typeof (int64)))
			call.set_output (0, b.get_int64 () - a.get_int64 ());
		else
			call.set_output (0, num (b) - num (a));
		return true;
	});
	var log_fn = new Schedula.Function ("log", (call) => {
		double x = num (call.get_input (0));
		if (x <= 0)
			throw new IOError.INVALID_ARGUMENT ("math domain error");
		call.set_output (0, Math.log (x));
		return true;
	});
	var all_positive = new Schedula.Function ("all_positive", (call) => {
		bool ok = true;
		for (uint i = 0; i < call.get_n_inputs (); i++)
			ok = ok && num (call.get_input (i)) > 0;
		call.set_output (0, ok);
		return true;
	});
	var mean = new Schedula.Function ("mean", (call) => {
		double sum = 0;
		for (uint i = 0; i < call.get_n_inputs (); i++) {
			estimations += "%s=%s".printf (call.get_input_id (i), value_str (call.get_input (i)));
			sum += num (call.get_input (i));
		}
		call.set_output (0, sum / call.get_n_inputs ());
		return true;
	});
	var print_value = new Schedula.Function ("print_value", (call) => {
		callback_log += "%s=%s".printf (call.get_node_id (), value_str (call.get_input (0)));
		return true;
	});

	dsp.add_data ("a", null);
	dsp.add_data ("c", null);
	dsp.add_data ("b", (int64) 1);
	dsp.add_function ("diff_function", diff, {"b", "a"}, {"c"});
	var log_node = dsp.add_function ("log", log_fn, {"c"}, {"d"});
	log_node.input_domain = all_positive;
	var d = dsp.add_data ("d", (int64) 4);
	d.wait_inputs = true;
	d.combiner = mean;
	d.callback = print_value;

	var sol = dsp.dispatch (inputs ({"a"}, {0}), {"d"});

	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=0, b=1, c=1, d=2.0");
	assert_cmpint ((int) int_of (sol.lookup ("a")), CompareOperator.EQ, 0);
	assert_cmpint ((int) int_of (sol.lookup ("b")), CompareOperator.EQ, 1);
	assert_cmpint ((int) int_of (sol.lookup ("c")), CompareOperator.EQ, 1);
	unowned Value? dv = sol.lookup ("d");
	assert_true (dv.holds (typeof (double)));
	assert_cmpfloat (dv.get_double (), CompareOperator.EQ, 2.0);
	assert_cmpstr (dist_str (sol), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, diff_function=1, c=2, log=3, d=4");
	assert_cmpstr (wf_str (sol, false), CompareOperator.EQ,
	               "$START, a, b, d, diff_function, c, log");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ,
	               "$START->a=0; $START->b=1; $START->d=4; a->diff_function=0; " +
	               "b->diff_function=1; diff_function->c=1; c->log=1; log->d=0.0");
	assert_cmpuint (sol.get_n_errors (), CompareOperator.EQ, 0);
	assert_cmpstr (join (estimations), CompareOperator.EQ, "$START=4, log=0.0");
	assert_cmpstr (join (callback_log), CompareOperator.EQ, "d=2.0");

	/* c = 0: the domain is false and log does not run; d waits for an
	 * input that never comes, so it gets no value */
	estimations = {};
	callback_log = {};
	var sol2 = dsp.dispatch (inputs ({"a"}, {1}), {"d"});
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, b=1, c=0");
	assert_false (sol2.contains ("d"));
	assert_cmpuint (estimations.length, CompareOperator.EQ, 0);
	assert_cmpuint (callback_log.length, CompareOperator.EQ, 0);
	bool answer = true;
	assert_true (sol2.get_workflow ().get_node_domain ("log", out answer));
	assert_false (answer);
}

/* SEMANTICS Examples 2.35, 2.59, 2.60: defaults and initial distances */
void test_defaults () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var a = dsp.add_data ("a", (int64) 1);
	a.initial_dist = { 0, 5 };
	var b = dsp.add_data ("b", (int64) 2);
	b.initial_dist = { 0, 5 };
	dsp.add_function ("f", fn_add (), {"a", "b"}, {"c"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {10}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=10, b=2, c=12");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, b=5, f=6, c=7");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ,
	               "$START->a=10; $START->b=2; a->f=10; b->f=2; f->c=12");
	var sol2 = dispatch_ok (dsp);
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, b=2, c=3");

	var dsp2 = new Schedula.Dispatcher (null);
	var b2 = dsp2.add_data ("b", (int64) 100);
	b2.initial_dist = { 0, 10 };
	dsp2.add_function ("f", fn_inc (), {"a"}, {"b"});
	var sol3 = dispatch_ok (dsp2, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol3), CompareOperator.EQ, "a=1, b=2");
	assert_cmpstr (dist_str (sol3), CompareOperator.EQ, "$START=-1, a=0, f=1, b=2");

	/* a property set after adding takes effect at the next dispatch */
	b2.initial_dist = { 0, 1 };
	var sol4 = dispatch_ok (dsp2, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol4), CompareOperator.EQ, "a=1, b=100");
	assert_cmpstr (dist_str (sol4), CompareOperator.EQ, "$START=-1, a=0, b=1, f=1");
	assert_cmpstr (sol_str (sol3), CompareOperator.EQ, "a=1, b=2");
}

/* SEMANTICS Examples 2.19 and 2.14: DispatchOptions inputs_dist */
void test_inputs_dist () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var f = dsp.add_function ("f", fn_add (), {"a", "b"}, {"c"});
	f.set_input_weight ("a", 10);
	var opts = new Schedula.DispatchOptions ();
	opts.set_input_dist ("b", { 0, 1 });
	assert_cmpfloat (opts.get_input_dist ("b").num, CompareOperator.EQ, 1);
	assert_true (opts.get_input_dist ("a") == null);
	assert_cmpstr (join (opts.dup_input_dist_ids ()), CompareOperator.EQ, "b");

	var sol = dsp.dispatch (inputs ({"a", "b"}, {1, 2}), null, opts);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=3");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, b=1, f=2, c=3");

	/* two-level distances */
	var dsp2 = new Schedula.Dispatcher (null);
	dsp2.add_data ("c", (int64) 0);
	dsp2.set_default_value ("c", (int64) 0, { 1, 1 });
	dsp2.add_function ("max", fn_max (), {"a", "b"}, {"c"});
	dsp2.add_function ("min", fn_min (), {"c", "b"}, {"d"});
	var opts2 = new Schedula.DispatchOptions ();
	opts2.set_input_dist ("a", { 2, 0 });
	var sol2 = dsp2.dispatch (inputs ({"a", "b"}, {6, 5}), {"d"}, opts2);
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "b=5, c=0, d=0");
	assert_cmpstr (dist_str (sol2), CompareOperator.EQ,
	               "$START=-1, b=0, c=inf(1, 1), min=inf(1, 2), d=inf(1, 3)");
	assert_cmpstr (wf_str (sol2, false), CompareOperator.EQ, "$START, b, c, a, min, max, d");

	opts.set_input_dist ("b", null);
	assert_true (opts.get_input_dist ("b") == null);
}

void test_options () throws GLib.Error {
	var opts = new Schedula.DispatchOptions ();
	assert_true (opts.wildcard == Schedula.Wildcard.OFF);
	assert_false (opts.no_call);
	assert_false (opts.shrink);
	assert_false (opts.rm_unused_nodes);
	assert_false (opts.verbose);
	assert_null (opts.executor);
	assert_cmpuint (opts.dup_input_dist_ids ().length, CompareOperator.EQ, 0);

	opts.wildcard = Schedula.Wildcard.COMPUTABLE;
	opts.no_call = true;
	opts.shrink = true;
	opts.rm_unused_nodes = true;
	opts.verbose = true;
	opts.executor = "sync";
	assert_true (opts.get_wildcard () == Schedula.Wildcard.COMPUTABLE);
	assert_true (opts.get_no_call ());
	assert_true (opts.get_shrink ());
	assert_true (opts.get_rm_unused_nodes ());
	assert_true (opts.get_verbose ());
	assert_cmpstr (opts.get_executor (), CompareOperator.EQ, "sync");

	var opts2 = (Schedula.DispatchOptions) Object.new (typeof (Schedula.DispatchOptions),
	                                                    "no-call", true, "wildcard", Schedula.Wildcard.ON);
	assert_true (opts2.no_call);
	assert_true (opts2.wildcard == Schedula.Wildcard.ON);

	/* an executor this version does not have is refused */
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	var bad = new Schedula.DispatchOptions ();
	bad.executor = "no-such-executor";
	try {
		dsp.dispatch (inputs ({"a"}, {1}), null, bad);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("no-such-executor" in e.message);
	}
}

/* SEMANTICS Examples 2.15, 2.16: ties break on ids; a weight changes the
 * winner */
void test_weights () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var a_node = dsp.add_function ("A", fn_max (), {"a", "b"}, {"c"});
	dsp.add_function ("B", fn_min (), {"a", "b"}, {"c"});

	var sol = dispatch_ok (dsp, inputs ({"a", "b"}, {1, 3}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=3, c=3");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, b=0, A=1, B=1, c=2");

	a_node.weight = 1;
	var sol2 = dispatch_ok (dsp, inputs ({"a", "b"}, {1, 3}));
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, b=3, c=1");
	assert_cmpstr (dist_str (sol2), CompareOperator.EQ, "$START=-1, a=0, b=0, B=1, c=2, A=2");

	/* SEMANTICS Example 2.18: an output weight */
	var dsp2 = new Schedula.Dispatcher (null);
	var f1 = dsp2.add_function ("f1", fn_const ("f1"), {"a"}, {"c"});
	f1.set_output_weight ("c", 5);
	dsp2.add_function ("f2", fn_const ("f2"), {"b"}, {"c"});
	var opts = new Schedula.DispatchOptions ();
	opts.set_input_dist ("b", { 0, 2 });
	var sol3 = dsp2.dispatch (inputs ({"a", "b"}, {1, 1}), null, opts);
	assert_cmpstr (sol_str (sol3), CompareOperator.EQ, "a=1, b=1, c='f2'");
	assert_cmpstr (dist_str (sol3), CompareOperator.EQ, "$START=-1, a=0, f1=1, b=2, f2=3, c=4");
}

/* Domains: a false domain makes the search go around the function */
void test_domains () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	int n_f1 = 0;
	var inc_counted = new Schedula.Function ("inc", (call) => {
		n_f1++;
		unowned Value? x = call.get_input (0);
		call.set_output (0, num_like (x, num (x) + 1));
		return true;
	});
	var f1 = dsp.add_function ("f1", inc_counted, {"a"}, {"c"});
	f1.input_domain = dom_gt0 ();
	var f2 = dsp.add_function ("f2", fn_double (), {"a"}, {"c"});
	f2.weight = 5;

	var sol = dispatch_ok (dsp, inputs ({"a"}, {-1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=-1, c=-2");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, f1=1, f2=6, c=7");
	assert_cmpint (n_f1, CompareOperator.EQ, 0);
	bool answer = true;
	assert_true (sol.get_workflow ().get_node_domain ("f1", out answer));
	assert_false (answer);

	var sol2 = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, c=2");
	assert_cmpint (n_f1, CompareOperator.EQ, 1);

	/* a domain that throws fails the dispatch, with the message prefixed */
	f1.input_domain = new Schedula.Function ("broken", (call) => {
		throw new IOError.NOT_SUPPORTED ("cannot tell");
	});
	try {
		dsp.dispatch (inputs ({"a"}, {1}));
		assert_not_reached ();
	} catch (IOError.NOT_SUPPORTED e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "input domain of f1 failed: cannot tell");
	}
}

/* SEMANTICS Examples 2.21, 2.22: wait_inputs and the combiner */
void test_wait_inputs () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f1", fn_inc (), {"a"}, {"b"});
	var f2 = dsp.add_function ("f2", fn_double (), {"a"}, {"b"});
	f2.weight = 7;
	var b = dsp.add_data ("b", null);
	b.wait_inputs = true;
	b.combiner = fn_items_est ();
	dsp.add_function ("g", fn_identity (), {"b"}, {"c"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b='f1=2, f2=2', c='f1=2, f2=2'");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, f1=1, f2=8, b=9, g=10, c=11");

	/* SEMANTICS Example 2.20: a waiting node without a combiner cannot
	 * merge its estimations; the node fails */
	b.combiner = null;
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	var sol2 = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_false (sol2.contains ("b"));
	unowned GLib.Error? e = sol2.get_error ("b");
	assert (e != null);
	assert_error (e, Schedula.DispatchError.quark (), Schedula.DispatchError.INVALID_MODEL);
	assert_true (sol2.dup_error_message ("b").has_prefix ("Failed DISPATCHING 'b' due to:\n  "));
}

/* SEMANTICS Example 1.07: filters on data and function nodes */
void test_filters () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var inc = fn_inc ();
	var to_none = new Schedula.Function ("to_none", (call) => {
		for (uint i = 0; i < call.get_n_outputs (); i++)
			call.set_output (i, none ());
		return true;
	});

	var a = dsp.add_data ("a", (int64) 0);
	for (int i = 0; i < 3; i++)
		a.add_filter (inc);
	var f = dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	for (int i = 0; i < 4; i++)
		f.add_filter (inc);
	var f0 = dsp.add_function ("f", fn_inc (), {"a"}, {"c"});
	assert_cmpstr (f0.id, CompareOperator.EQ, "f<0>");
	f0.add_filter (inc);
	f0.add_filter (to_none);

	var sol = dispatch_ok (dsp);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=3, b=8");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ, "$START->a=0; a->f=3; a->f<0>=3; f->b=8");
	unowned Value[]? results = sol.get_workflow ().get_node_results ("f");
	assert_cmpint (results.length, CompareOperator.EQ, 1);
	assert_cmpint ((int) int_of (results[0]), CompareOperator.EQ, 8);

	a.clear_filters ();
	f0.clear_filters ();
	assert_cmpstr (sol_str (dispatch_ok (dsp)), CompareOperator.EQ, "a=0, b=5, c=1");
}

/* SEMANTICS Example 1.09: callbacks; a failing callback keeps the value */
void test_callbacks () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	int64[] log = {};
	var record = new Schedula.Function ("record", (call) => {
		log += int_of (call.get_input (0));
		return true;
	});
	var failing = new Schedula.Function ("callback_fail", (call) => {
		log += int_of (call.get_input (0));
		throw new IOError.FAILED ("callback failed");
	});

	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	var b = dsp.add_data ("b", null);
	b.callback = record;
	var c = dsp.add_data ("c", null);
	c.set ("callback", failing);
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("g", fn_double (), {"b"}, {"c"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=4");
	assert_cmpint (log.length, CompareOperator.EQ, 2);
	assert_cmpint ((int) log[0], CompareOperator.EQ, 2);
	assert_cmpint ((int) log[1], CompareOperator.EQ, 4);
	assert_cmpuint (sol.get_n_errors (), CompareOperator.EQ, 1);
	assert_error (sol.get_error ("c"), IOError.quark (), IOError.FAILED);
	assert_true (sol.get_error_failure ("c") == Schedula.Failure.CALLBACK);
	assert_cmpstr (sol.dup_error_message ("c"), CompareOperator.EQ,
	               "Failed CALLBACK 'c' due to:\n  callback failed");
}

/* Errors thrown in Vala lambdas reach the solution with their domain, code
 * and message; the search goes around the failing node (SEMANTICS 2.23) */
void test_lambda_errors () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var fail = new Schedula.Function ("fail", (call) => {
		throw new IOError.FAILED ("fail: got %s", value_str (call.get_input (0)));
	});
	dsp.add_function ("f1", fail, {"a"}, {"c"});
	var f2 = dsp.add_function ("f2", fn_inc (), {"a"}, {"c"});
	f2.weight = 5;
	dsp.add_function ("g", fn_double (), {"c"}, {"d"});
	dsp.add_function ("h", new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang");
	}), {"d"}, {"e"});
	dsp.add_function ("q", new Schedula.Function ("quiet", (call) => false), {"d"}, {"z"});

	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, c=2, d=4");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ,
	               "$START=-1, a=0, f1=1, f2=6, c=7, g=8, d=9, h=10, q=10");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ,
	               "$START->a=1; a->f1=1; a->f2=1; f2->c=2; c->g=2; g->d=4; d->h=4; d->q=4");
	assert_cmpuint (sol.get_n_errors (), CompareOperator.EQ, 3);
	assert_cmpstr (join (sol.get_error_ids ()), CompareOperator.EQ, "f1, h, q");

	unowned GLib.Error? e = sol.get_error ("f1");
	assert_error (e, IOError.quark (), IOError.FAILED);
	assert_cmpstr (e.message, CompareOperator.EQ, "fail: got 1");
	assert_cmpstr (sol.dup_error_message ("f1"), CompareOperator.EQ,
	               "Failed DISPATCHING 'f1' due to:\n  fail: got 1");
	assert_true (sol.get_error_failure ("f1") == Schedula.Failure.DISPATCHING);
	assert_true (sol.get_error ("h") is TestError.BANG);
	assert_cmpstr (sol.get_error ("h").message, CompareOperator.EQ, "bang");
	/* FALSE without an error: an error naming the function */
	assert_error (sol.get_error ("q"), Schedula.DispatchError.quark (), Schedula.DispatchError.NODE_FAILED);
	assert_true ("quiet" in sol.get_error ("q").message);
	assert (sol.get_error ("g") == null);
	assert_null (sol.dup_error_message ("g"));

	/* RECORD: the same, and logged with g_message () once failures are
	 * logged (not by default) */
	dsp.raises = Schedula.Raises.RECORD;
	assert_false (Schedula.get_log_failures ());
	Schedula.set_log_failures (true);
	assert_true (Schedula.get_log_failures ());
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_MESSAGE, "Failed DISPATCHING 'f1'*");
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_MESSAGE, "Failed DISPATCHING 'h'*");
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_MESSAGE, "Failed DISPATCHING 'q'*");
	var sol2 = dispatch_ok (dsp, inputs ({"a"}, {1}));
	Test.assert_expected_messages ();
	Schedula.set_log_failures (false);
	assert_false (Schedula.get_log_failures ());
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, c=2, d=4");

	/* RAISE: the dispatch throws the node's error; the partial solution
	 * stays with the dispatcher */
	dsp.raises = Schedula.Raises.RAISE;
	try {
		dsp.dispatch (inputs ({"a"}, {1}));
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED err) {
		assert_true ("f1" in err.message);
		assert_true ("fail: got 1" in err.message);
	}
	var partial = dsp.get_solution ();
	assert_nonnull (partial);
	assert_true (partial.is_finished ());
	assert_cmpstr (sol_str (partial), CompareOperator.EQ, "a=1");
	assert_cmpuint (partial.get_n_errors (), CompareOperator.EQ, 1);
	assert_error (partial.get_error ("f1"), IOError.quark (), IOError.FAILED);

	/* a raises function decides per node */
	string[] asked = {};
	dsp.set_raises_func ((node_id, error) => {
		asked += "%s:%s".printf (node_id, error.message);
		return node_id == "q" ? Schedula.Raises.RAISE : Schedula.Raises.RECORD_SILENTLY;
	});
	try {
		dsp.dispatch (inputs ({"a"}, {1}));
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED err) {
		assert_true ("q" in err.message);
	}
	assert_cmpuint (asked.length, CompareOperator.EQ, 3);
	assert_cmpstr (asked[0], CompareOperator.EQ, "f1:fail: got 1");
	assert_cmpstr (asked[1], CompareOperator.EQ, "h:bang");
	assert_cmpstr (dsp.get_solution ().get_error ("h").message, CompareOperator.EQ, "bang");
	dsp.set_raises_func (null);
}

/* SEMANTICS Examples 2.33, 2.36, 2.8: outputs, rm-unused-nodes, no-call */
void test_outputs_and_options () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	int n_f2 = 0;
	dsp.add_function ("f1", fn_inc (), {"a"}, {"b"});
	var f2 = dsp.add_function ("f2", new Schedula.Function ("double", (call) => {
		n_f2++;
		call.set_output (0, int_of (call.get_input (0)) * 2);
		return true;
	}), {"a"}, {"c"});
	f2.weight = 10;
	dsp.add_function ("f3", fn_inc (), {"c"}, {"b"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}), {"b"});
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2");
	assert_cmpstr (wf_str (sol, false), CompareOperator.EQ, "$START, a, f1, f2, b");
	assert_cmpint (n_f2, CompareOperator.EQ, 0);

	/* an empty outputs array is the same as none */
	var sol2 = dispatch_ok (dsp, inputs ({"a"}, {1}), {});
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, b=2, c=2");
	assert_cmpint (n_f2, CompareOperator.EQ, 1);

	var rm = new Schedula.DispatchOptions ();
	rm.rm_unused_nodes = true;
	var sol3 = dispatch_ok (dsp, inputs ({"a"}, {1}), {"b"}, rm);
	assert_cmpstr (wf_str (sol3, false), CompareOperator.EQ, "$START, a, f1, b");

	var no_call = new Schedula.DispatchOptions ();
	no_call.no_call = true;
	var sol4 = dispatch_ok (dsp, inputs ({"a"}, {1}), null, no_call);
	assert_cmpint (n_f2, CompareOperator.EQ, 1);
	assert_cmpstr (sol_str (sol4), CompareOperator.EQ, "a=NONE, b=NONE, c=NONE");
	assert_true (Schedula.value_holds_none (sol4.lookup ("c")));
	unowned Value? edge_value;
	assert_true (sol4.get_workflow ().get_edge_value ("f1", "b", out edge_value));
	assert_true (edge_value == null);
	assert_cmpstr (wf_str (sol4, true), CompareOperator.EQ, "$START->a; a->f1; a->f2; f1->b; f2->c");
}

/* SEMANTICS Examples 2.40, 2.41: wildcard */
void test_wildcard () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var a = dsp.add_data ("a", null);
	a.wildcard = false;
	dsp.add_function ("f", fn_inc (), {"b"}, {"a"});
	dsp.add_function ("g", fn_double (), {"a"}, {"b"});
	var opts = new Schedula.DispatchOptions ();
	opts.wildcard = Schedula.Wildcard.ON;

	var sol = dsp.dispatch (inputs ({"a", "b"}, {1, 1}), {"a", "b"}, opts);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, f=1, g=1, b=2");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ, "$START->a=1; $START->b=1; a->g=1; g->b=2");
}

/* value-type: values are converted, or the node fails naming the types */
void test_value_type () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("h", fn_inc (), {"a"}, {"c"});
	dsp.add_function ("k", fn_inc (), {"c"}, {"d"});
	((Schedula.DataNode) dsp.lookup_node ("b")).value_type = typeof (double);
	dsp.lookup_node ("c").set ("value-type", typeof (string[]));

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2.0");
	assert_true (sol.lookup ("b").holds (typeof (double)));
	assert_false (sol.contains ("c"));
	assert_false (sol.contains ("d"));
	unowned GLib.Error? e = sol.get_error ("c");
	assert (e != null);
	assert_error (e, Schedula.DispatchError.quark (), Schedula.DispatchError.INVALID_MODEL);
	assert_true ("GStrv" in e.message);
	assert_true ("gint64" in e.message);
}

/* SEMANTICS Examples 1.03, 1.04: START and SINK (a Schedula.Dict) */
void test_start_sink () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var three_five = new Schedula.Function ("f", (call) => {
		assert_cmpuint (call.get_n_inputs (), CompareOperator.EQ, 0);
		call.set_output (0, (int64) 3);
		call.set_output (1, (int64) 5);
		return true;
	});
	dsp.add_function (null, three_five, null, {"a", Schedula.SINK});
	dsp.add_function (null, three_five, null, {Schedula.SINK, "b"});

	var sol = dispatch_ok (dsp, null, {"a", "b"});
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=3, b=5");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=0, f=1, f<0>=1, a=2, b=2");

	var sol2 = dispatch_ok (dsp);
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=3, b=5, $SINK={f: 5, f<0>: 3}");
	unowned Value? sink = sol2.lookup (Schedula.SINK);
	assert_true (sink.holds (typeof (Schedula.Dict)));
	unowned Schedula.Dict dict = (Schedula.Dict) sink.get_boxed ();
	assert_cmpint ((int) int_of (dict.lookup ("f<0>")), CompareOperator.EQ, 3);
}

/* SEMANTICS Example 2.46: a sub-dispatcher behind a domain */
void test_sub_dispatcher () throws GLib.Error {
	Schedula.Dispatcher child;
	var dsp = make_2_46 (out child);

	var sol = dispatch_ok (dsp, inputs ({"a", "b", "d", "e"}, {3, 5, 10, 20}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=3, b=5, d=10, e=20, c=5, f=9");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, d=0, e=0, sub_dsp=0, max=1, c=2, f=4");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ,
	               "$START->a=3; $START->b=5; $START->d=10; $START->e=20; a->max=3; b->max=5; " +
	               "d->sub_dsp=10; e->sub_dsp=20; max->c=5; sub_dsp->f=9");

	var sub = sol.get_sub_solution ("sub_dsp");
	assert_nonnull (sub);
	assert_cmpstr (sol_str (sub), CompareOperator.EQ, "a=10, b=20, c=10, d=11, e=9");
	assert_cmpstr (dist_str (sub), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, min=1, c=2, fun=3, d=4, e=4");
	assert_true (sub.get_dispatcher () == child);
	unowned int[] index = sub.get_index ();
	assert_cmpint (index.length, CompareOperator.EQ, 2);
	assert_cmpint (index[0], CompareOperator.EQ, -1);
	assert_cmpint (index[1], CompareOperator.EQ, 4);

	/* the domain says no: the child does not start */
	var sol2 = dispatch_ok (dsp, inputs ({"a", "b", "d", "e"}, {3, 5, 1, 2}));
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=3, b=5, d=1, e=2, c=5");
	assert_null (sol2.get_sub_solution ("sub_dsp"));
}

/* Cancellation: a lambda cancels the dispatch it runs in */
void test_cancellation () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var cancellable = new Cancellable ();
	int n_calls = 0;
	dsp.add_function ("f", new Schedula.Function ("cancel_then_inc", (call) => {
		assert_true (call.get_cancellable () == cancellable);
		cancellable.cancel ();
		call.set_output (0, int_of (call.get_input (0)) + 1);
		return true;
	}), {"a"}, {"b"});
	dsp.add_function ("g", new Schedula.Function ("counted", (call) => {
		n_calls++;
		return true;
	}), {"b"}, {"c"});

	try {
		dsp.dispatch (inputs ({"a"}, {1}), null, null, cancellable);
		assert_not_reached ();
	} catch (IOError.CANCELLED e) {
	}
	assert_cmpint (n_calls, CompareOperator.EQ, 0);
	var partial = dsp.get_solution ();
	assert_cmpstr (sol_str (partial), CompareOperator.EQ, "a=1, b=2");
}

/* Many threads dispatch one model; Vala lambdas run on any thread */
void test_threads () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_add (), {"a", "b"}, {"c"});
	dsp.add_function ("g", fn_double (), {"c"}, {"d"});
	dsp.add_function ("h", fn_inc (), {"d"}, {"e"});

	Thread<int>[] threads = {};
	for (int t = 0; t < 4; t++) {
		int base_value = t * 1000;
		threads += new Thread<int> ("dispatch", () => {
			int failures = 0;
			for (int i = 0; i < 25; i++) {
				int64 x = base_value + i;
				try {
					var sol = dsp.dispatch (inputs ({"a", "b"}, {x, 2}));
					var expected = "a=%lld, b=2, c=%lld, d=%lld, e=%lld".printf (
						x, x + 2, 2 * (x + 2), 2 * (x + 2) + 1);
					if (sol_str (sol) != expected)
						failures++;
				} catch (GLib.Error e) {
					failures++;
				}
			}
			return failures;
		});
	}
	foreach (var thread in threads)
		assert_cmpint (thread.join (), CompareOperator.EQ, 0);
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Dispatch/flagship", test_flagship);
	add ("/Schedula/Vala/Dispatch/defaults", test_defaults);
	add ("/Schedula/Vala/Dispatch/inputs-dist", test_inputs_dist);
	add ("/Schedula/Vala/Dispatch/options", test_options);
	add ("/Schedula/Vala/Dispatch/weights", test_weights);
	add ("/Schedula/Vala/Dispatch/domains", test_domains);
	add ("/Schedula/Vala/Dispatch/wait-inputs", test_wait_inputs);
	add ("/Schedula/Vala/Dispatch/filters", test_filters);
	add ("/Schedula/Vala/Dispatch/callbacks", test_callbacks);
	add ("/Schedula/Vala/Dispatch/lambda-errors", test_lambda_errors);
	add ("/Schedula/Vala/Dispatch/outputs-and-options", test_outputs_and_options);
	add ("/Schedula/Vala/Dispatch/wildcard", test_wildcard);
	add ("/Schedula/Vala/Dispatch/value-type", test_value_type);
	add ("/Schedula/Vala/Dispatch/start-sink", test_start_sink);
	add ("/Schedula/Vala/Dispatch/sub-dispatcher", test_sub_dispatcher);
	add ("/Schedula/Vala/Dispatch/cancellation", test_cancellation);
	add ("/Schedula/Vala/Dispatch/threads", test_threads);

	return Test.run ();
}
