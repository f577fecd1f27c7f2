/* test-wrappers.vala: dispatchers as functions, compiled pipes, helpers
 * and batch dispatch from Vala (area 5)
 *
 * The expectations are those of the C tests (tests/test-wrappers.c,
 * tests/test-helpers.c) and of schedula's examples (SEMANTICS numbers in
 * the comments); the functions inside the models are Vala lambdas.
 * Mappings are Schedula.Dicts in a GLib.Value, sequences GLib.ValueArrays.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* Values ---------------------------------------------------------------- */

/* dict_value ({"a", "b"}, {1, 2}): a Value holding the Schedula.Dict
 * {a: 1, b: 2} of int64 values */
Value dict_value (string[] keys, int64[] values) {
	assert (keys.length == values.length);
	var dict = new Schedula.Dict ();
	for (int i = 0; i < keys.length; i++)
		dict.insert (keys[i], values[i]);
	Value v = Value (typeof (Schedula.Dict));
	v.set_boxed (dict);
	return v;
}

/* A Value holding a GLib.ValueArray of the items */
Value seq_value (Value[] items) {
	var array = new ValueArray (items.length);
	foreach (unowned Value item in items)
		array.append (item);
	Value v = Value (typeof (ValueArray));
	v.set_boxed (array);
	return v;
}

/* value_str, with sequences "(1, 2)" and solutions "Solution{a=1}" */
string text (Value? v) {
	if (v != null && v.holds (typeof (ValueArray))) {
		unowned ValueArray array = (ValueArray) v.get_boxed ();
		string[] items = {};
		for (uint i = 0; i < array.n_values; i++)
			items += text (array.get_nth (i));
		return "(%s)".printf (string.joinv (", ", items));
	}
	if (v != null && v.holds (typeof (Schedula.Solution)))
		return "Solution{%s}".printf (sol_str ((Schedula.Solution) v.get_object ()));
	return value_str (v);
}

/* What a function returns for the positional arguments, as text */
string call_text (Schedula.Function f, Value[] args) throws GLib.Error {
	var outputs = f.call (args, 1);
	assert_cmpint (outputs.length, CompareOperator.EQ, 1);
	return text (outputs[0]);
}

/* body must fail with the library's error code and message */
void expect_error (owned Body body, int code, string message) {
	try {
		body ();
	} catch (GLib.Error e) {
		assert_error (e, Schedula.DispatchError.quark (), code);
		assert_cmpstr (e.message, CompareOperator.EQ, message);
		return;
	}
	assert_not_reached ();
}

/* Models ---------------------------------------------------------------- */

/* The model of schedula's SubDispatch examples: fun = split(a) -> b, c */
Schedula.Dispatcher split_model () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("Sub-dispatcher");
	dsp.add_function ("fun", fn_split (), {"a"}, {"b", "c"});
	return dsp;
}

/* Examples 5.05, 5.07: max(a, b) -> c; log(c - 1) -> a if c > 1 */
Schedula.Dispatcher max_log_model () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("Dispatcher");
	dsp.add_function ("max", fn_max (), {"a", "b"}, {"c"});
	var log_node = dsp.add_function ("log(x - 1)", new Schedula.Function ("log_dec", (call) => {
		call.set_output (0, Math.log (num (call.get_input (0)) - 1));
		return true;
	}), {"c"}, {"a"});
	log_node.set_input_domain (new Schedula.Function ("gt1", (call) => {
		call.set_output (0, num (call.get_input (0)) > 1);
		return true;
	}));
	return dsp;
}

/* Examples 5.08-5.11: max(a, b) -> c; c - 1 -> a */
Schedula.Dispatcher max_dec_model () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("Dispatcher");
	dsp.add_function ("max", fn_max (), {"a", "b"}, {"c"});
	dsp.add_function ("x - 1", new Schedula.Function ("dec", (call) => {
		call.set_output (0, int_of (call.get_input (0)) - 1);
		return true;
	}), {"c"}, {"a"});
	return dsp;
}

/* log(a) -> b (an error thrown by the lambda for a <= 0); b + 1 -> c */
Schedula.Dispatcher log_inc_model () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("log", new Schedula.Function ("log", (call) => {
		double x = num (call.get_input (0));
		if (x <= 0)
			throw new TestError.BANG ("math domain error");
		call.set_output (0, Math.log (x));
		return true;
	}), {"a"}, {"b"});
	dsp.add_function ("g", new Schedula.Function ("inc", (call) => {
		call.set_output (0, num (call.get_input (0)) + 1);
		return true;
	}), {"b"}, {"c"});
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	return dsp;
}

/* Tests ----------------------------------------------------------------- */

/* SEMANTICS Example 5.01: SubDispatch as a node function, a Vala lambda in
 * its model */
void test_sub_dispatch_node () throws GLib.Error {
	var sd = new Schedula.SubDispatch (split_model (), {"a", "b", "c"}, Schedula.OutputType.DICT, null);
	assert_cmpstr (sd.name, CompareOperator.EQ, "Sub-dispatcher");
	assert_true (sd.get_output_type () == Schedula.OutputType.DICT);
	assert_null (sd.dup_solution ());
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("Sub-dispatch", sd, {"d"}, {"e"});

	var in = new HashTable<string, Value?> (str_hash, str_equal);
	in["d"] = dict_value ({"a"}, {3});
	var sol = dispatch_ok (dsp, in);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "d={a: 3}, e={a: 3, b: 4, c: 2}");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, d=0, Sub-dispatch=1, e=2");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ,
	               "$START->d={a: 3}; d->Sub-dispatch={a: 3}; Sub-dispatch->e={a: 3, b: 4, c: 2}");
	var inner = sol.get_workflow ().get_node_solution ("Sub-dispatch");
	assert_nonnull (inner);
	assert_cmpstr (sol_str (inner), CompareOperator.EQ, "a=3, b=4, c=2");
	assert_true (sd.dup_solution () == inner);
	/* the solution of the node is named after it */
	assert_cmpuint (strv_length (sol.get_full_name ()), CompareOperator.EQ, 0);
	assert_cmpstr (join (inner.get_full_name ()), CompareOperator.EQ, "Sub-dispatch");
}

/* SEMANTICS Examples 5.02-5.04, 5.30: output types, merged mappings,
 * unreachable outputs */
void test_sub_dispatch_call () throws GLib.Error {
	var model = split_model ();
	var as_list = new Schedula.SubDispatch (model, {"c", "b"}, Schedula.OutputType.LIST, null);
	assert_cmpstr (call_text (as_list, {dict_value ({"a"}, {3})}), CompareOperator.EQ, "(2, 4)");
	assert_cmpstr (call_text (as_list, {dict_value ({"a"}, {3}), dict_value ({"a"}, {10})}),
	               CompareOperator.EQ, "(9, 11)");
	var all = new Schedula.SubDispatch (model, null, Schedula.OutputType.DEFAULT, null);
	assert_cmpstr (call_text (all, {dict_value ({"a"}, {3})}), CompareOperator.EQ, "Solution{a=3, b=4, c=2}");

	var missing = new Schedula.SubDispatch (model, {"b", "zz"}, Schedula.OutputType.DICT, null);
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_WARNING, "*zz is not a node*");
	expect_error (() => { missing.call ({dict_value ({"a"}, {3})}, 1); },
	              Schedula.DispatchError.UNREACHABLE_OUTPUTS,
	              "\n  Unreachable output-targets: {'zz'}\n  Available outputs: ['a', 'b']");

	/* as a node: the failure is recorded, with the solution of the call */
	var dsp = new Schedula.Dispatcher (null);
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	dsp.add_function ("sd", new Schedula.SubDispatch (model, {"zz"}, Schedula.OutputType.LIST, null),
	                  {"d"}, {"e"});
	var in = new HashTable<string, Value?> (str_hash, str_equal);
	in["d"] = dict_value ({"a"}, {3});
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_WARNING, "*zz is not a node*");
	var sol = dispatch_ok (dsp, in);
	Test.assert_expected_messages ();
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "d={a: 3}");
	assert_error (sol.get_error ("sd"), Schedula.DispatchError.quark (),
	              Schedula.DispatchError.UNREACHABLE_OUTPUTS);
	assert_cmpstr (sol.dup_error_message ("sd"), CompareOperator.EQ,
	               "Failed DISPATCHING 'sd' due to:\n  \n  Unreachable output-targets: {'zz'}\n" +
	               "  Available outputs: ['a']");
	assert_cmpstr (sol_str (sol.get_sub_solution ("sd")), CompareOperator.EQ, "a=3");
}

/* SEMANTICS Examples 5.29, 5.32: a dispatcher as a function, run_model */
void test_run_model () throws GLib.Error {
	var model = new Schedula.Dispatcher ("S");
	model.add_function ("g", fn_double (), {"x"}, {"y"});
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("run", new Schedula.SubDispatch.for_dispatcher (model), {"inp"}, {"out"});
	var in = new HashTable<string, Value?> (str_hash, str_equal);
	in["inp"] = dict_value ({"x"}, {4});
	var sol = dispatch_ok (dsp, in);
	assert_cmpstr (text (sol.lookup ("out")), CompareOperator.EQ, "Solution{x=4, y=8}");
	assert_cmpstr (sol_str (sol.get_workflow ().get_node_solution ("run")), CompareOperator.EQ, "x=4, y=8");

	var runner = new Schedula.Dispatcher (null);
	runner.add_function ("execute_dsp", Schedula.run_model_new (), {"dsp_model", "inputs"}, {"outputs"});
	var in2 = new HashTable<string, Value?> (str_hash, str_equal);
	in2["dsp_model"] = model;
	in2["inputs"] = dict_value ({"x"}, {5});
	var sol2 = dispatch_ok (runner, in2);
	assert_cmpstr (text (sol2.lookup ("outputs")), CompareOperator.EQ, "Solution{x=5, y=10}");
	assert_cmpstr (sol_str (sol2.get_sub_solution ("execute_dsp")), CompareOperator.EQ, "x=5, y=10");
}

/* SEMANTICS Examples 5.05-5.07: SubDispatchFunction through call_full */
void test_sub_dispatch_function () throws GLib.Error {
	var dsp = max_log_model ();
	var f = new Schedula.SubDispatchFunction (dsp, "myF", {"a", "b"}, {"a"}, Schedula.OutputType.DEFAULT, null);
	assert_cmpstr (f.name, CompareOperator.EQ, "myF");
	assert_cmpstr (join (f.get_inputs ()), CompareOperator.EQ, "a, b");
	assert_true (f.get_dispatcher () != dsp);
	assert_cmpstr (f.get_dispatcher ().name, CompareOperator.EQ, "myF");

	var kw = new Schedula.Dict ();
	kw.insert ("b", (int64) 1);
	kw.insert ("a", (int64) 2);
	Value? result;
	result = f.call_full (null, kw);
	assert_cmpstr (text (result), CompareOperator.EQ, "0.0");
	result = f.call_full ({(int64) 2, (int64) 1}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "0.0");
	assert_cmpstr (sol_str (f.dup_solution ()), CompareOperator.EQ, "b=1, c=2, a=0.0");

	expect_error (() => { f.call_full ({(int64) 1, (int64) 0}, null); },
	              Schedula.DispatchError.UNREACHABLE_OUTPUTS,
	              "\n  Unreachable output-targets: {'a'}\n  Available outputs: ['b', 'c']");
	expect_error (() => { f.call_full ({(int64) 1}, null); },
	              Schedula.DispatchError.BAD_ARGUMENTS, "missing a required argument: 'b'");
	expect_error (() => { f.call_full ({(int64) 1, (int64) 2, (int64) 3}, null); },
	              Schedula.DispatchError.BAD_ARGUMENTS, "too many positional arguments");
	var zz = new Schedula.Dict ();
	zz.insert ("zz", (int64) 3);
	expect_error (() => { f.call_full ({(int64) 1, (int64) 2}, zz); },
	              Schedula.DispatchError.BAD_ARGUMENTS, "myF() got an unexpected keyword argument 'zz'");
	var b = new Schedula.Dict ();
	b.insert ("b", (int64) 3);
	expect_error (() => { f.call_full ({(int64) 1, (int64) 2}, b); },
	              Schedula.DispatchError.BAD_ARGUMENTS, "multiple values for argument 'b'");

	/* several outputs: a list; the model's defaults fill the rest */
	var model = new Schedula.Dispatcher (null);
	model.add_data ("k", (int64) 10);
	model.add_function ("f", new Schedula.Function ("sum_diff", (call) => {
		int64 a = int_of (call.get_input (0)), k = int_of (call.get_input (1));
		call.set_output (0, a + k);
		call.set_output (1, a - k);
		return true;
	}), {"a", "k"}, {"s", "d"});
	var g = new Schedula.SubDispatchFunction (model, "F", {"a", "k"}, {"d", "s"}, Schedula.OutputType.DEFAULT, null);
	result = g.call_full ({(int64) 1}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "(-9, 11)");
	result = g.call_full ({(int64) 1, (int64) 2}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "(-1, 3)");
	var a5 = new Schedula.Dict ();
	a5.insert ("a", (int64) 5);
	result = g.call_full (null, a5);
	assert_cmpstr (text (result), CompareOperator.EQ, "(-5, 15)");

	/* an output the shrunk model cannot reach */
	expect_error (() => {
		new Schedula.SubDispatchFunction (dsp, "bad", {"b"}, {"c"}, Schedula.OutputType.DEFAULT, null);
	}, Schedula.DispatchError.UNREACHABLE_OUTPUTS, "\n  Unreachable output-targets: {'c'}\n  Available outputs: []");
}

/* SEMANTICS Examples 5.08-5.11: the compiled pipe replayed */
void test_pipes () throws GLib.Error {
	int calls = 0;
	var dsp = max_dec_model ();
	dsp.add_function ("x + 1", new Schedula.Function ("inc", (call) => {
		calls++;
		call.set_output (0, int_of (call.get_input (0)) + 1);
		return true;
	}), {"c"}, {"z"});
	var f = new Schedula.SubDispatchPipe (dsp, "myF", {"a", "b"}, {"a"}, Schedula.OutputType.DEFAULT, null);
	assert_cmpstr (f.name, CompareOperator.EQ, "myF");
	assert_cmpuint (f.get_pipe ().get_n_steps (), CompareOperator.EQ, 5);
	Value? result;
	result = f.call_full ({(int64) 2, (int64) 1}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "1");
	result = f.call_full ({(int64) 1, (int64) 0}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "0");
	assert_cmpstr (sol_str (f.dup_solution ()), CompareOperator.EQ, "b=0, c=1, a=0");
	assert_cmpint (calls, CompareOperator.EQ, 0);

	/* the lambda's error breaks the pipe: the output is not reached */
	var p = new Schedula.SubDispatchPipe (log_inc_model (), "p", {"a"}, {"c"}, Schedula.OutputType.DEFAULT, null);
	result = p.call_full ({(int64) 1}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "1.0");
	expect_error (() => { p.call_full ({(int64) 0}, null); },
	              Schedula.DispatchError.UNREACHABLE_OUTPUTS,
	              "\n  Unreachable output-targets: {'c'}\n  Available outputs: ['a']");
	assert_true (p.dup_solution ().get_error ("log") is TestError.BANG);

	/* DispatchPipe: one solution, overwritten; a broken pipe fails */
	var d = new Schedula.DispatchPipe (max_dec_model (), "myF", {"a", "b"}, {"a"}, Schedula.OutputType.DEFAULT, null);
	result = d.call_full ({(int64) 2, (int64) 1}, null);
	assert_cmpstr (text (result), CompareOperator.EQ, "1");
	result = d.call_full ({(int64) 1, (int64) 0}, null);
	assert_cmpstr (sol_str (d.dup_solution ()), CompareOperator.EQ, "b=0, c=1, a=0");
	var q = new Schedula.DispatchPipe (log_inc_model (), "p", {"a"}, {"c"}, Schedula.OutputType.DEFAULT, null);
	result = q.call_full ({(int64) 1}, null);
	expect_error (() => { q.call_full ({(int64) 0}, null); },
	              Schedula.DispatchError.PIPE_BROKEN, "The pipe is not respected.");
}

/* SEMANTICS Examples 5.12, 5.13: MapDispatch over a ValueArray */
void test_map_dispatch () throws GLib.Error {
	var model = new Schedula.Dispatcher ("model");
	model.add_function ("sum_diff", new Schedula.Function ("sum_diff", (call) => {
		int64 a = int_of (call.get_input (0)), b = int_of (call.get_input (1));
		call.set_output (0, a + b);
		call.set_output (1, a - b);
		return true;
	}), {"a", "b"}, {"c", "d"});
	var lists = new Schedula.MapDispatch (model, null, null, {"c", "d"}, Schedula.OutputType.LIST);
	assert_cmpstr (call_text (lists, {seq_value ({dict_value ({"a", "b"}, {1, 2}), dict_value ({"a", "b"}, {2, 2}),
	                                              dict_value ({"a", "b"}, {3, 2})})}),
	               CompareOperator.EQ, "((3, -1), (4, 0), (5, 1))");
	assert_cmpstr (call_text (lists, {seq_value ({dict_value ({"a"}, {1}), dict_value ({"a", "b"}, {3, 3})}),
	                                  dict_value ({"b"}, {2})}),
	               CompareOperator.EQ, "((3, -1), (6, 0))");

	var c_to_b = new Schedula.Mapping ();
	c_to_b.add ("c", "b");
	var recursive = new Schedula.MapDispatch (model, null, c_to_b, null, Schedula.OutputType.DEFAULT);
	assert_cmpstr (call_text (recursive, {seq_value ({dict_value ({"a", "b"}, {1, 1}), dict_value ({"a"}, {2}),
	                                                  dict_value ({"a"}, {3})})}),
	               CompareOperator.EQ,
	               "(Solution{a=1, b=1, c=2, d=0}, Solution{a=2, b=2, c=4, d=0}, Solution{a=3, b=4, c=7, d=-1})");
}

/* Helpers on values made in Vala: selector, combine_dicts */
void test_helpers () throws GLib.Error {
	var dict = new Schedula.Dict ();
	dict.insert ("a", (int64) 1);
	dict.insert ("b", (int64) 2);
	dict.insert ("c", "three");
	Value d = Value (typeof (Schedula.Dict));
	d.set_boxed (dict);

	var list = Schedula.selector_new ({"b", "a"}, Schedula.OutputType.LIST, false);
	assert_cmpstr (call_text (list, {d}), CompareOperator.EQ, "(2, 1)");
	var as_dict = Schedula.selector_new ({"c", "a"}, Schedula.OutputType.DICT, false);
	assert_cmpstr (call_text (as_dict, {d}), CompareOperator.EQ, "{c: 'three', a: 1}");
	var missing = Schedula.selector_new ({"zz"}, Schedula.OutputType.DICT, false);
	expect_error (() => { missing.call ({d}, 1); }, Schedula.DispatchError.INVALID_INPUT, "'zz'");
	var allow_miss = Schedula.selector_new ({"zz", "a"}, Schedula.OutputType.DICT, true);
	assert_cmpstr (call_text (allow_miss, {d}), CompareOperator.EQ, "{a: 1}");

	var combine = Schedula.combine_dicts_new ();
	assert_cmpstr (call_text (combine, {dict_value ({"a", "b"}, {1, 2}), dict_value ({"b", "z"}, {3, 0})}),
	               CompareOperator.EQ, "{a: 1, b: 3, z: 0}");

	/* as node functions, on inputs made in Vala */
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("combine_dicts", combine, {"x", "y"}, {"xy"});
	dsp.add_function ("selector", list, {"xy"}, {"ba"});
	dsp.add_function ("sum", new Schedula.Function ("sum", (call) => {
		unowned ValueArray ba = (ValueArray) call.get_input (0).get_boxed ();
		int64 total = 0;
		for (uint i = 0; i < ba.n_values; i++)
			total += int_of (ba.get_nth (i));
		call.set_output (0, total);
		return true;
	}), {"ba"}, {"total"});
	var in = new HashTable<string, Value?> (str_hash, str_equal);
	in["x"] = dict_value ({"a", "b"}, {1, 2});
	in["y"] = dict_value ({"b"}, {30});
	var sol = dispatch_ok (dsp, in);
	assert_cmpstr (text (sol.lookup ("xy")), CompareOperator.EQ, "{a: 1, b: 30}");
	assert_cmpstr (text (sol.lookup ("ba")), CompareOperator.EQ, "(30, 1)");
	assert_cmpstr (text (sol.lookup ("total")), CompareOperator.EQ, "31");
}

/* Batch dispatch: one model over many input sets */
void test_dispatch_batch () throws GLib.Error {
	var dsp = max_dec_model ();
	var solutions = dsp.dispatch_batch ({dict_value ({"a", "b"}, {2, 1}), dict_value ({"b"}, {5}),
	                                     dict_value ({"a", "b"}, {7, 9})}, {"c"}, null);
	assert_cmpuint (solutions.get_n_items (), CompareOperator.EQ, 3);
	string[] expected = {"a=2, b=1, c=2", "b=5", "a=7, b=9, c=9"};
	for (uint i = 0; i < 3; i++)
		assert_cmpstr (sol_str ((Schedula.Solution) solutions.get_item (i)), CompareOperator.EQ, expected[i]);

	try {
		dsp.dispatch_batch ({dict_value ({"a"}, {1}), (int64) 3}, null, null);
		assert_not_reached ();
	} catch (GLib.Error e) {
		assert_true (e.message.has_prefix ("input set 1: "));
	}
	assert_cmpuint (dsp.dispatch_batch ({}, null, null).get_n_items (), CompareOperator.EQ, 0);

	/* a SubDispatch node over a batch: the unreachable output is recorded */
	var outer = new Schedula.Dispatcher (null);
	outer.raises = Schedula.Raises.RECORD_SILENTLY;
	outer.add_function ("sd", new Schedula.SubDispatch (split_model (), {"c"}, Schedula.OutputType.VALUES, null),
	                    {"d"}, {"e"});
	var set0 = new Schedula.Dict ();
	set0.insert ("d", dict_value ({"a"}, {3}));
	var set1 = new Schedula.Dict ();
	set1.insert ("d", dict_value ({"z"}, {3}));
	Value v0 = Value (typeof (Schedula.Dict)), v1 = Value (typeof (Schedula.Dict));
	v0.set_boxed (set0);
	v1.set_boxed (set1);
	var sols = outer.dispatch_batch ({v0, v1}, null, null);
	assert_cmpstr (sol_str ((Schedula.Solution) sols.get_item (0)), CompareOperator.EQ, "d={a: 3}, e=2");
	assert_error (((Schedula.Solution) sols.get_item (1)).get_error ("sd"), Schedula.DispatchError.quark (),
	              Schedula.DispatchError.UNREACHABLE_OUTPUTS);
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Wrappers/sub-dispatch-node", test_sub_dispatch_node);
	add ("/Schedula/Vala/Wrappers/sub-dispatch-call", test_sub_dispatch_call);
	add ("/Schedula/Vala/Wrappers/run-model", test_run_model);
	add ("/Schedula/Vala/Wrappers/sub-dispatch-function", test_sub_dispatch_function);
	add ("/Schedula/Vala/Wrappers/pipes", test_pipes);
	add ("/Schedula/Vala/Wrappers/map-dispatch", test_map_dispatch);
	add ("/Schedula/Vala/Wrappers/helpers", test_helpers);
	add ("/Schedula/Vala/Wrappers/dispatch-batch", test_dispatch_batch);

	return Test.run ();
}
