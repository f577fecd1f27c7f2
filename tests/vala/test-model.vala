/* test-model.vala: building models from Vala (every node attribute, ids,
 * the GListModel of nodes, mappings, values, functions)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* A Function subclass written in Vala: doubles its inputs into its outputs */
class Doubler : Schedula.Function {
	public int n_calls;

	public Doubler () {
		Object (name: "doubler");
	}

	public override bool invoke (Schedula.Call call) throws GLib.Error {
		n_calls++;
		if (call.get_n_inputs () != call.get_n_outputs ())
			throw new TestError.BANG ("doubler: %u inputs for %u outputs",
			                          call.get_n_inputs (), call.get_n_outputs ());
		for (uint i = 0; i < call.get_n_inputs (); i++) {
			unowned Value? x = call.get_input (i);
			call.set_output (i, num_like (x, num (x) * 2));
		}
		return true;
	}
}

void test_data_node () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("m");
	var a = dsp.add_data ("a", (int64) 1);

	assert_true (a is Schedula.DataNode);
	assert_cmpstr (a.id, CompareOperator.EQ, "a");
	assert_true (a.kind == Schedula.NodeKind.DATA);
	assert_cmpint (a.index, CompareOperator.EQ, 0);
	assert_true (a.dispatcher == dsp);
	assert_true (dsp.lookup_node ("a") == a);
	assert_null (dsp.lookup_node ("zz"));

	/* the defaults of a fresh node */
	assert_cmpint ((int) int_of (a.get_default_value ()), CompareOperator.EQ, 1);
	assert_false (a.wait_inputs);
	assert_true (a.wildcard);
	assert_null (a.combiner);
	assert_null (a.callback);
	assert_null (a.filters);
	assert_false (a.await_result);
	assert_true (a.value_type == Type.NONE);
	assert_cmpfloat (a.initial_dist.inf, CompareOperator.EQ, 0);
	assert_cmpfloat (a.initial_dist.num, CompareOperator.EQ, 0);
	assert_null (a.description);

	/* every attribute, through the properties */
	var mean = new Schedula.Function ("mean", (call) => {
		double sum = 0;
		for (uint i = 0; i < call.get_n_inputs (); i++)
			sum += num (call.get_input (i));
		call.set_output (0, sum / call.get_n_inputs ());
		return true;
	});
	var cb = new Schedula.Function ("cb", (call) => true);
	var inc = fn_inc ();

	a.default_value = (int64) 7;
	a.initial_dist = Schedula.Distance () { inf = 1, num = 2.5 };
	a.wait_inputs = true;
	a.combiner = mean;
	a.wildcard = false;
	a.callback = cb;
	a.add_filter (inc);
	a.add_filter (inc);
	a.value_type = typeof (double);
	a.await_result = true;
	a.description = "the a";

	Value? dflt = a.default_value;
	assert_cmpint ((int) int_of (dflt), CompareOperator.EQ, 7);
	assert_cmpfloat (a.initial_dist.inf, CompareOperator.EQ, 1);
	assert_cmpfloat (a.get_initial_dist ().num, CompareOperator.EQ, 2.5);
	assert_true (a.wait_inputs);
	assert_true (a.combiner == mean);
	assert_false (a.wildcard);
	assert_true (a.callback == cb);
	assert_cmpuint (a.filters.length, CompareOperator.EQ, 2);
	assert_true (a.filters[1] == inc);
	assert_true (a.value_type == typeof (double));
	assert_true (a.await_result);
	assert_cmpstr (a.description, CompareOperator.EQ, "the a");

	/* the same through GObject's generic property access */
	bool waits = false;
	Schedula.Function? combiner = null;
	a.get ("wait-inputs", out waits, "combiner", out combiner);
	assert_true (waits);
	assert_true (combiner == mean);
	a.set ("wait-inputs", false, "wildcard", true);
	assert_false (a.get_wait_inputs ());
	assert_true (a.get_wildcard ());

	/* clearing */
	a.clear_filters ();
	assert_null (a.get_filters ());
	a.default_value = null;
	assert (a.get_default_value () == null);
	a.set_initial_dist (null);
	assert_cmpfloat (a.initial_dist.num, CompareOperator.EQ, 0);
	a.combiner = null;
	assert_null (a.get_combiner ());

	/* no default */
	var b = dsp.add_data ("b", null);
	assert (b.get_default_value () == null);
	assert_cmpint (b.index, CompareOperator.EQ, 1);

	/* property notifications */
	string[] notified = {};
	b.notify.connect ((obj, pspec) => { notified += pspec.name; });
	b.wait_inputs = true;
	b.default_value = "text";
	assert_cmpstr (join (notified), CompareOperator.EQ, "wait-inputs, default-value");
	assert_cmpstr (value_str (b.default_value), CompareOperator.EQ, "'text'");
}

void test_function_node () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var sum = fn_add ();
	var yes = new Schedula.Function ("yes", (call) => {
		call.set_output (0, true);
		return true;
	});

	var f = dsp.add_function (null, sum, {"a", "b"}, {"c"});
	var g = dsp.add_function ("funny_id", sum, {"a", "b"}, {"e"});
	var h = dsp.add_function (null, sum, {"c"}, {"d"});

	/* ids: the function name, then <n> suffixes */
	assert_cmpstr (f.id, CompareOperator.EQ, "add");
	assert_cmpstr (g.id, CompareOperator.EQ, "funny_id");
	assert_cmpstr (h.id, CompareOperator.EQ, "add<0>");
	assert_true (f.kind == Schedula.NodeKind.FUNCTION);

	/* inputs and outputs */
	assert_cmpuint (f.get_n_inputs (), CompareOperator.EQ, 2);
	assert_cmpstr (f.get_input (1), CompareOperator.EQ, "b");
	assert_cmpuint (f.get_n_outputs (), CompareOperator.EQ, 1);
	assert_cmpstr (f.get_output (0), CompareOperator.EQ, "c");
	assert_cmpstr (join (f.dup_inputs ()), CompareOperator.EQ, "a, b");
	assert_cmpstr (join (g.inputs), CompareOperator.EQ, "a, b");
	assert_cmpstr (join (g.outputs), CompareOperator.EQ, "e");
	assert_true (f.function == sum);

	/* weight, per-edge weights, domain, filters */
	g.weight = 1;
	assert_true (g.set_input_weight ("a", 2));
	assert_true (g.set_input_weight ("b", 3));
	assert_true (g.set_output_weight ("e", 4));
	g.input_domain = yes;
	g.add_filter (fn_inc ());
	g.await_domain = true;
	g.await_result = true;
	assert_cmpfloat (g.weight, CompareOperator.EQ, 1);
	assert_cmpfloat (f.get_weight (), CompareOperator.EQ, 0);
	assert_true (g.input_domain == yes);
	assert_null (f.input_domain);
	assert_cmpuint (g.filters.length, CompareOperator.EQ, 1);
	assert_true (g.await_domain);
	assert_true (g.await_result);

	double w;
	assert_true (dsp.get_edge_weight ("a", "funny_id", out w));
	assert_cmpfloat (w, CompareOperator.EQ, 2);
	assert_true (dsp.get_edge_weight ("funny_id", "e", out w));
	assert_cmpfloat (w, CompareOperator.EQ, 4);
	assert_false (dsp.get_edge_weight ("a", "add", out w));
	assert_cmpfloat (w, CompareOperator.EQ, 1);
	assert_cmpstr (model_str (dsp, ModelText.NODES), CompareOperator.EQ,
	               "add:0, a:1, b:2, c:3, funny_id:4, e:5, add<0>:6, d:7");
	assert_cmpstr (model_str (dsp, ModelText.EDGES), CompareOperator.EQ,
	               "add->c; a->add; a->funny_id w=2; b->add; b->funny_id w=3; c->add<0>; " +
	               "funny_id->e w=4; add<0>->d");
	assert_cmpstr (join (dsp.dup_successors ("a")), CompareOperator.EQ, "add, funny_id");
	assert_cmpstr (join (dsp.dup_predecessors ("c")), CompareOperator.EQ, "add");

	/* a weight on an edge that does not exist is an error naming it */
	try {
		g.set_input_weight ("zz", 1);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("zz" in e.message);
	}

	/* the values the weights give */
	var sol = dispatch_ok (dsp, inputs ({"a", "b"}, {1, 2}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=3, d=3, e=4");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, add=1, c=2, add<0>=3, d=4, funny_id=4, e=8");
}

void test_dispatcher_node () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var child = new Schedula.Dispatcher ("sub_dispatcher");

	child.add_data ("a", (int64) 2);
	child.add_data ("b", (int64) 0);
	child.add_function ("min", fn_min (), {"a", "b"}, {"c"});
	child.add_function ("fun", fn_split (), {"c"}, {"d", "e"});
	dsp.add_function ("max", fn_max (), {"a", "b"}, {"c"});

	/* one-to-many: parent c feeds child a and d; child d gives d and f */
	var inputs_map = new Schedula.Mapping ();
	inputs_map.add ("c", "a");
	inputs_map.add ("c", "d");
	var outputs_map = mapping ({"d", "d", "d", "f", "e", "g"});
	var s = dsp.add_dispatcher ("sub_dsp", child, inputs_map, outputs_map);

	assert_true (s.kind == Schedula.NodeKind.DISPATCHER);
	assert_true (s.child == child);
	assert_cmpuint (s.inputs.get_n_keys (), CompareOperator.EQ, 1);
	assert_cmpstr (join (s.inputs.lookup ("c")), CompareOperator.EQ, "a, d");
	assert_cmpstr (s.outputs.get_key (0), CompareOperator.EQ, "d");
	assert_cmpstr (join (s.outputs.get_values (0)), CompareOperator.EQ, "d, f");
	assert_cmpstr (join (s.get_outputs ().lookup ("e")), CompareOperator.EQ, "g");

	/* include_defaults: the default of child a moves to parent c */
	assert_false (s.include_defaults);
	s.include_defaults = true;
	assert_true (s.get_include_defaults ());
	var c = (Schedula.DataNode) dsp.lookup_node ("c");
	assert_cmpint ((int) int_of (c.default_value), CompareOperator.EQ, 2);
	assert (((Schedula.DataNode) child.lookup_node ("a")).get_default_value () == null);

	/* domain and weight */
	assert_null (s.input_domain);
	var dom = dom_gt0 ();
	s.input_domain = dom;
	assert_true (s.get_input_domain () == dom);
	s.input_domain = null;
	s.weight = 0;
	assert_cmpfloat (s.weight, CompareOperator.EQ, 0);

	/* SEMANTICS Example 2.47 */
	var sol = dispatch_ok (dsp, inputs ({"a", "b"}, {6, 5}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=6, b=5, c=2, d=2, f=2, g=-1");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, c=0, sub_dsp=0, d=0, f=0, max=1, g=4");
	var sub = sol.get_sub_solution ("sub_dsp");
	assert_cmpstr (sol_str (sub), CompareOperator.EQ, "a=2, d=2, b=0, c=0, e=-1");

	/* a reserved id in a mapping, or a dispatcher inside itself, is refused */
	try {
		dsp.add_dispatcher ("bad", child, mapping ({"$p", "x"}), null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("$p" in e.message);
	}
	try {
		child.add_dispatcher ("loop", dsp, null, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_null (child.lookup_node ("loop"));
	}

	/* Mapping helpers */
	var id = new Schedula.Mapping.identity ({"x", "y"});
	assert_cmpuint (id.get_n_keys (), CompareOperator.EQ, 2);
	assert_cmpstr (join (id.lookup ("y")), CompareOperator.EQ, "y");
	assert_null (id.lookup ("z"));
}

void test_ids () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var one = new Schedula.Function ("one", (call) => {
		call.set_output (0, (int64) 1);
		return true;
	});

	assert_cmpstr (dsp.name, CompareOperator.EQ, "");
	assert_cmpstr (dsp.add_data (null, null).id, CompareOperator.EQ, "unknown");
	assert_cmpstr (dsp.add_data (null, null).id, CompareOperator.EQ, "unknown<0>");

	/* special nodes: START for a function without inputs, SINK without
	 * outputs */
	var f = dsp.add_function (null, one, null, {"x"});
	var g = dsp.add_function (null, one, null, null);
	assert_cmpstr (join (f.dup_inputs ()), CompareOperator.EQ, Schedula.START);
	assert_cmpstr (g.get_output (0), CompareOperator.EQ, Schedula.SINK);
	var start = (Schedula.DataNode) dsp.lookup_node (Schedula.START);
	assert_true (Schedula.value_holds_none (start.default_value));
	assert_true (((Schedula.DataNode) dsp.lookup_node (Schedula.SINK)).wait_inputs);
	assert_cmpstr (model_str (dsp, ModelText.NODES), CompareOperator.EQ,
	               "unknown:0, unknown<0>:1, $START:2, one:3, x:4, $SINK:5, one<0>:6");

	assert_true (Schedula.id_is_special (Schedula.START));
	assert_true (Schedula.id_is_special (Schedula.SINK));
	assert_true (Schedula.id_is_special (Schedula.END));
	assert_true (Schedula.id_is_special (Schedula.SELF));
	assert_true (Schedula.id_is_special (Schedula.PLOT));
	assert_false (Schedula.id_is_special ("start"));

	/* errors from the model API are Schedula.DispatchError */
	try {
		dsp.add_data ("$mine", null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("$mine" in e.message);
	}
	try {
		dsp.add_function ("h", one, {"one"}, {"z"});
		assert_not_reached ();
	} catch (GLib.Error e) {
		assert_error (e, Schedula.DispatchError.quark (), Schedula.DispatchError.INVALID_INPUT);
		assert_true ("one" in e.message);
	}
	try {
		dsp.add_function (null, null, {"a"}, {"c"});
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true (e.message.has_prefix ("Invalid function id"));
	}
	/* nothing was added by the failures */
	assert_cmpuint (dsp.get_n_items (), CompareOperator.EQ, 7);
}

void test_add_node () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var data = new Schedula.DataNode ("a");
	data.default_value = (int64) 3;
	var func = new Schedula.FunctionNode ("f", fn_inc (), {"a"}, {"b"});

	assert_null (data.dispatcher);
	assert_true (dsp.add_node (data));
	assert_true (dsp.add_node (func));
	assert_true (data.dispatcher == dsp);
	assert_cmpstr (model_str (dsp, ModelText.IDS), CompareOperator.EQ, "a, f, b");

	var child = new Schedula.Dispatcher ("child");
	child.add_function ("g", fn_double (), {"x"}, {"y"});
	var s = new Schedula.DispatcherNode ("s", child, mapping ({"b", "x"}), mapping ({"y", "c"}));
	assert_true (dsp.add_node (s));

	var sol = dispatch_ok (dsp);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=3, b=4, c=8");
}

void test_list_model () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	unowned ListModel list = dsp;
	var inc = fn_inc ();
	var mirror = new GenericArray<Object> ();
	uint n_notify = 0;

	assert_true (list.get_item_type ().is_a (typeof (Schedula.Node)));
	assert_cmpuint (list.get_n_items (), CompareOperator.EQ, 0);
	assert_null (list.get_item (0));

	list.items_changed.connect ((position, removed, added) => {
		mirror.remove_range (position, removed);
		for (uint i = 0; i < added; i++)
			mirror.insert ((int) (position + i), list.get_item (position + i));
	});
	dsp.notify["n-items"].connect (() => n_notify++);

	var a = dsp.add_data ("a", null);
	var f = dsp.add_function ("f", inc, {"a"}, {"b"});
	dsp.add_function ("g", inc, {"b"}, {"c"});
	assert_cmpuint (list.get_n_items (), CompareOperator.EQ, 5);
	assert_cmpuint (dsp.n_items, CompareOperator.EQ, 5);
	assert_cmpuint (n_notify, CompareOperator.GE, 3);
	assert_cmpstr (model_str (dsp, ModelText.IDS), CompareOperator.EQ, "a, f, b, g, c");
	assert_true (list.get_item (0) == a);
	assert_true (list.get_object (1) == f);
	assert_cmpuint (mirror.length, CompareOperator.EQ, 5);
	for (uint i = 0; i < mirror.length; i++)
		assert_true (mirror[i] == list.get_item (i));

	/* removing a node in the middle */
	assert_true (dsp.remove_node ("f"));
	assert_cmpstr (model_str (dsp, ModelText.IDS), CompareOperator.EQ, "a, b, g, c");
	assert_cmpuint (mirror.length, CompareOperator.EQ, 4);
	for (uint i = 0; i < mirror.length; i++)
		assert_true (mirror[i] == list.get_item (i));
	assert_null (f.dispatcher);

	/* iterating the nodes as objects of their own classes */
	string[] kinds = {};
	for (uint i = 0; i < list.get_n_items (); i++) {
		var node = (Schedula.Node) list.get_item (i);
		if (node is Schedula.DataNode)
			kinds += "data:" + node.id;
		else if (node is Schedula.FunctionNode)
			kinds += "function:" + node.id;
	}
	assert_cmpstr (join (kinds), CompareOperator.EQ, "data:a, data:b, function:g, data:c");

	/* removing several at once: one change, from the first removed on */
	try {
		dsp.remove_nodes ({ "a", "nope" });
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("nope" in e.message);
	}
	assert_true (dsp.remove_nodes ({ "g", "a", "g" }));
	assert_cmpstr (model_str (dsp, ModelText.IDS), CompareOperator.EQ, "b, c");
	assert_cmpuint (mirror.length, CompareOperator.EQ, 2);
	for (uint i = 0; i < mirror.length; i++)
		assert_true (mirror[i] == list.get_item (i));
}

void test_dispatcher_properties () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("model");

	assert_cmpstr (dsp.name, CompareOperator.EQ, "model");
	assert_null (dsp.description);
	assert_true (dsp.raises == Schedula.Raises.RECORD);
	assert_null (dsp.executor);

	dsp.name = "renamed";
	dsp.description = "about";
	dsp.raises = Schedula.Raises.RAISE;
	dsp.executor = "sync";
	assert_cmpstr (dsp.get_name (), CompareOperator.EQ, "renamed");
	assert_cmpstr (dsp.get_description (), CompareOperator.EQ, "about");
	assert_true (dsp.get_raises () == Schedula.Raises.RAISE);
	assert_cmpstr (dsp.get_executor (), CompareOperator.EQ, "sync");
	string? name = null;
	dsp.get ("name", out name);
	assert_cmpstr (name, CompareOperator.EQ, "renamed");
}

/* A function whose closure holds a reference to keep */
Schedula.Function make_summer (Object keep) {
	return new Schedula.Function ("summer", (call) => {
		assert_nonnull (keep);
		int64 sum = 0;
		for (uint i = 0; i < call.get_n_inputs (); i++)
			sum += int_of (call.get_input (i));
		call.set_output (0, sum);
		return true;
	});
}

void test_function () throws GLib.Error {
	int destroyed = 0;
	{
		var captured = new Object ();
		captured.weak_ref (() => destroyed++);
		var f = make_summer (captured);
		captured = null;

		assert_cmpstr (f.name, CompareOperator.EQ, "summer");
		assert_null (f.@ref);
		f.@ref = "vala:test:summer";
		assert_cmpstr (f.get_ref (), CompareOperator.EQ, "vala:test:summer");
		assert_true (f.flags == Schedula.FunctionFlags.NONE);
		assert_true (f.get_context () == MainContext.default ());
		f.flags = Schedula.FunctionFlags.MAIN_CONTEXT;
		assert_true (f.get_flags () == Schedula.FunctionFlags.MAIN_CONTEXT);
		f.flags = Schedula.FunctionFlags.NONE;

		/* call (): the outputs the function did not set are NONE */
		Value[] outs = f.call ({(int64) 2, (int64) 5}, 2);
		assert_cmpint (outs.length, CompareOperator.EQ, 2);
		assert_cmpint ((int) int_of (outs[0]), CompareOperator.EQ, 7);
		assert_true (Schedula.value_holds_none (outs[1]));

		/* a hand-made call */
		var call = new Schedula.Call ();
		Value[] ins = {(int64) 2, (int64) 5};
		call.set_inputs (ins, 1);
		assert_cmpuint (call.get_n_inputs (), CompareOperator.EQ, 2);
		assert_null (call.get_input_id (0));
		assert_null (call.get_cancellable ());
		assert (call.get_output (0) == null);
		assert_true (f.invoke (call));
		assert_cmpint ((int) int_of (call.get_output (0)), CompareOperator.EQ, 7);

		/* take_output steals the value */
		Value text = "taken";
		call.take_output (0, (owned) text);
		assert_cmpstr (call.get_output (0).get_string (), CompareOperator.EQ, "taken");

		/* the closure (and what it captured) lives as long as the function */
		assert_cmpint (destroyed, CompareOperator.EQ, 0);
	}
	assert_cmpint (destroyed, CompareOperator.EQ, 1);

	/* false without an error is an error naming the function */
	var quiet = new Schedula.Function ("quiet", (call) => false);
	try {
		quiet.call ({}, 1);
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED e) {
		assert_true ("quiet" in e.message);
	}

	/* a Vala error keeps its domain, code and message */
	var bang = new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang %d", 7);
	});
	try {
		bang.call ({(int64) 1}, 1);
		assert_not_reached ();
	} catch (TestError.BANG e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "bang 7");
	}

	/* a subclass overriding invoke () */
	var doubler = new Doubler ();
	assert_cmpstr (doubler.name, CompareOperator.EQ, "doubler");
	Value[] doubled = doubler.call ({(int64) 4, 1.5}, 2);
	assert_cmpint (doubled.length, CompareOperator.EQ, 2);
	assert_cmpstr (value_str (doubled[0]), CompareOperator.EQ, "8");
	assert_cmpstr (value_str (doubled[1]), CompareOperator.EQ, "3.0");
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function (null, doubler, {"a", "b"}, {"c", "d"});
	var sol = dispatch_ok (dsp, inputs ({"a", "b"}, {1, 2}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=2, d=4");
	assert_cmpint (doubler.n_calls, CompareOperator.EQ, 2);
}

void test_values () throws GLib.Error {
	/* NONE */
	Value none = Schedula.value_init_none ();
	assert_true (Schedula.value_holds_none (none));
	assert_false (Schedula.value_holds_none ((int64) 0));
	assert_false (Schedula.value_holds_none (null));
	assert_cmpstr (Schedula.Token.none ().get_name (), CompareOperator.EQ, "none");
	assert_true (none.holds (typeof (Schedula.Token)));

	/* truthiness, as Python's */
	assert_false (Schedula.value_is_truthy (none));
	assert_false (Schedula.value_is_truthy ((int64) 0));
	assert_true (Schedula.value_is_truthy ((int64) 3));
	assert_false (Schedula.value_is_truthy (""));
	assert_true (Schedula.value_is_truthy ("x"));
	assert_false (Schedula.value_is_truthy (0.0));

	/* distances are plain structs, compared lexicographically */
	var near = Schedula.Distance () { inf = 0, num = 5 };
	Schedula.Distance far = { 1, 0 };
	assert_cmpint (near.compare (far), CompareOperator.LT, 0);
	assert_cmpint (far.compare (near), CompareOperator.GT, 0);
	assert_cmpint (near.compare (near), CompareOperator.EQ, 0);
	assert_cmpstr (far.to_string (), CompareOperator.EQ, "inf(1, 0.0)");
	Schedula.Distance? boxed = near;
	assert_cmpfloat (boxed.num, CompareOperator.EQ, 5);

	/* Dict, the value of SINK */
	var dict = new Schedula.Dict ();
	dict.insert ("f", (int64) 5);
	dict.insert ("g", "x");
	assert_cmpuint (dict.get_size (), CompareOperator.EQ, 2);
	assert_true (dict.contains ("g"));
	assert_cmpstr (dict.get_key (1), CompareOperator.EQ, "g");
	assert_cmpstr (value_str (dict.lookup ("f")), CompareOperator.EQ, "5");
	Value boxed_dict = Value (typeof (Schedula.Dict));
	boxed_dict.set_boxed (dict);
	assert_cmpstr (value_str (boxed_dict), CompareOperator.EQ, "{f: 5, g: 'x'}");

	/* the version */
	assert_cmpstr (Schedula.VERSION_S, CompareOperator.EQ, "%d.%d.%d".printf (
		Schedula.MAJOR_VERSION, Schedula.MINOR_VERSION, Schedula.MICRO_VERSION));
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Model/data-node", test_data_node);
	add ("/Schedula/Vala/Model/function-node", test_function_node);
	add ("/Schedula/Vala/Model/dispatcher-node", test_dispatcher_node);
	add ("/Schedula/Vala/Model/ids", test_ids);
	add ("/Schedula/Vala/Model/add-node", test_add_node);
	add ("/Schedula/Vala/Model/list-model", test_list_model);
	add ("/Schedula/Vala/Model/dispatcher-properties", test_dispatcher_properties);
	add ("/Schedula/Vala/Model/function", test_function);
	add ("/Schedula/Vala/Model/values", test_values);

	return Test.run ();
}
