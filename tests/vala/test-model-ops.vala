/* test-model-ops.vala: model operations from Vala: get_node with paths,
 * remove_node, set_default_value, copy, get_sub_dispatcher,
 * get_sub_dispatcher_from_workflow, shrink
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* The model of SEMANTICS Examples 4.01-4.06 (functions without callables:
 * only the structure matters) */
Schedula.Dispatcher make_4_01 () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_data ("b", (int64) 3).wait_inputs = true;
	dsp.add_function ("max", null, {"a", "b"}, {"c"});
	dsp.add_function ("min", null, {"a", "c"}, {"d"});
	dsp.add_function ("min", null, {"b", "d"}, {"c"});
	dsp.add_function ("max", null, {"b", "d"}, {"a"});
	dsp.add_data ("e", null);
	return dsp;
}

/* SEMANTICS Examples 4.23-4.25: get_node */
void test_get_node () throws GLib.Error {
	Schedula.Dispatcher child;
	var dsp = make_2_46 (out child);
	string[] real;

	var node = dsp.get_node ({"sub_dsp", "c"}, out real);
	assert_true (node is Schedula.DataNode);
	assert_cmpstr (join (real), CompareOperator.EQ, "sub_dsp, c");
	var s = (Schedula.DispatcherNode) dsp.lookup_node ("sub_dsp");
	assert_true (node == s.child.lookup_node ("c"));
	assert_true (s.child == child);

	/* fuzzy: the first node (by id) whose id contains the string */
	node = dsp.get_node ({"sub", "fu"}, out real);
	assert_true (node.kind == Schedula.NodeKind.FUNCTION);
	assert_cmpstr (join (real), CompareOperator.EQ, "sub_dsp, fun");

	/* exact first; real_path is optional */
	assert_cmpstr (dsp.get_node ({"c"}, null).id, CompareOperator.EQ, "c");
	dsp.get_node ({"m"}, out real);
	assert_cmpstr (join (real), CompareOperator.EQ, "max");

	/* a missing path */
	try {
		dsp.get_node ({"sub_dsp", "zzz"}, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "Path ['sub_dsp', 'zzz'] does not exist in  dispatcher.");
	}
	dsp.name = "top";
	try {
		dsp.get_node ({"zzz"}, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "Path ['zzz'] does not exist in top dispatcher.");
	}
	/* through a node that is not a sub-dispatcher */
	try {
		dsp.get_node ({"max", "a"}, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("max" in e.message);
	}
}

void test_remove_node () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var f = dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("g", fn_double (), {"b"}, {"c"});
	dsp.add_function ("h", fn_add (), {"x", "c"}, {"y"});

	assert_true (dsp.remove_node ("g"));
	assert_cmpstr (model_str (dsp, ModelText.IDS), CompareOperator.EQ, "f, a, b, c, h, x, y");
	assert_cmpstr (model_str (dsp, ModelText.EDGES), CompareOperator.EQ, "f->b; a->f; c->h; h->y; x->h");
	assert_null (dsp.lookup_node ("g"));
	assert_cmpstr (sol_str (dispatch_ok (dsp, inputs ({"a", "x"}, {1, 5}))), CompareOperator.EQ,
	               "a=1, x=5, b=2");

	/* a removed data node stays in the function's inputs, without edge */
	assert_true (dsp.remove_node ("a"));
	assert_cmpstr (join (f.dup_inputs ()), CompareOperator.EQ, "a");
	assert_false (dsp.has_edge ("a", "f"));
	assert_cmpstr (sol_str (dispatch_ok (dsp, inputs ({"a", "x"}, {1, 5}))), CompareOperator.EQ, "a=1, x=5");

	try {
		dsp.remove_node ("zz");
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("zz" in e.message);
	}
}

/* SEMANTICS Example 4.18: set_default_value */
void test_set_default_value () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var a = dsp.add_data ("a", (int64) 1);

	assert_true (dsp.set_default_value ("a", (int64) 1, { 0, 1 }));
	assert_true (dsp.set_default_value ("a", (int64) 2, { 0, 3 }));
	assert_cmpint ((int) int_of (a.default_value), CompareOperator.EQ, 2);
	assert_cmpfloat (a.initial_dist.num, CompareOperator.EQ, 3);
	/* null removes it (schedula's EMPTY) */
	assert_true (dsp.set_default_value ("a", null, null));
	assert (a.get_default_value () == null);

	try {
		dsp.set_default_value ("b", (int64) 3, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "Input error: b is not a data node");
	}
	dsp.add_function ("max", fn_max (), {"a", "b"}, null);
	try {
		dsp.set_default_value ("max", (int64) 1, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "Input error: max is not a data node");
	}
	assert_true (dsp.set_default_value ("b", (int64) 3));
	assert_cmpstr (model_str (dsp, ModelText.NODES), CompareOperator.EQ, "a:0, $SINK:1, max:2, b:3");
	assert_cmpstr (model_str (dsp, ModelText.DEFAULTS), CompareOperator.EQ, "b=3");

	assert_true (dsp.set_default_value ("a", (int64) 2));
	var sol = dispatch_ok (dsp, inputs ({"x"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "x=1, a=2, b=3, $SINK={max: 3}");
}

/* SEMANTICS Example 4.17: copy is deep */
void test_copy () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("orig");
	var child = new Schedula.Dispatcher ("child");
	dsp.add_data ("a", (int64) 1);
	var min = dsp.add_function ("min", fn_min (), {"a", "b"}, {"c"});
	child.add_function ("f", fn_inc (), {"c"}, {"y"});
	var s = dsp.add_dispatcher ("s", child, null, null);
	dsp.description = "about";
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;

	var copy = dsp.copy ();
	assert_true (copy != dsp);
	assert_cmpstr (copy.name, CompareOperator.EQ, "orig");
	assert_cmpstr (copy.description, CompareOperator.EQ, "about");
	assert_true (copy.raises == Schedula.Raises.RECORD_SILENTLY);
	assert_cmpstr (model_str (copy, ModelText.NODES), CompareOperator.EQ, "a:0, min:1, b:2, c:3, s:4, y:5");
	assert_cmpstr (model_str (copy, ModelText.EDGES), CompareOperator.EQ, model_str (dsp, ModelText.EDGES));

	/* nodes are new objects, functions are shared, children are copied */
	var min_copy = (Schedula.FunctionNode) copy.lookup_node ("min");
	assert_true (min_copy != min);
	assert_true (min_copy.dispatcher == copy);
	assert_true (min_copy.function == min.function);
	var child_copy = ((Schedula.DispatcherNode) copy.lookup_node ("s")).child;
	assert_true (child_copy != child);
	assert_true (s.child == child);

	/* mutating the copy leaves the original intact */
	assert_true (copy.set_default_value ("a", (int64) 99, null));
	assert_cmpstr (model_str (dsp, ModelText.DEFAULTS), CompareOperator.EQ, "a=1");
	assert_cmpstr (model_str (copy, ModelText.DEFAULTS), CompareOperator.EQ, "a=99");
	min_copy.weight = 7;
	assert_cmpfloat (min.weight, CompareOperator.EQ, 0);
	child_copy.add_data ("zz", null);
	assert_null (child.lookup_node ("zz"));
	assert_true (copy.remove_node ("s"));
	assert_true (dsp.lookup_node ("s") == s);
	/* the index counter goes on */
	assert_cmpint (copy.add_data ("new", null).index, CompareOperator.EQ, 6);

	assert_cmpstr (sol_str (dispatch_ok (dsp, inputs ({"b"}, {5}))), CompareOperator.EQ, "a=1, b=5, c=1, y=2");
	assert_cmpstr (sol_str (dispatch_ok (copy, inputs ({"b"}, {5}))), CompareOperator.EQ, "a=99, b=5, c=5");
}

/* SEMANTICS Examples 4.01-4.03: get_sub_dispatcher */
void test_get_sub_dispatcher () throws GLib.Error {
	var dsp = make_4_01 ();

	var sub = dsp.get_sub_dispatcher ({"a", "b", "c", "max", "max<0>"});
	assert_cmpstr (model_str (sub, ModelText.NODES), CompareOperator.EQ, "b:0, max:1, a:2, c:3");
	assert_cmpstr (model_str (sub, ModelText.EDGES), CompareOperator.EQ, "b->max; max->c; a->max");
	assert_cmpstr (model_str (sub, ModelText.DEFAULTS), CompareOperator.EQ, "b=3");
	assert_true (((Schedula.DataNode) sub.lookup_node ("b")).wait_inputs);
	/* nodes are copies */
	assert_true (sub.lookup_node ("b") != dsp.lookup_node ("b"));
	sub.set_default_value ("b", (int64) 7);
	assert_cmpstr (model_str (dsp, ModelText.DEFAULTS), CompareOperator.EQ, "b=3");

	/* removed edges */
	var sub2 = dsp.get_sub_dispatcher ({"a", "b", "c", "max"}, {"max", "c"});
	assert_cmpuint (sub2.get_n_items (), CompareOperator.EQ, 0);
	var sub3 = dsp.get_sub_dispatcher ({"a", "c", "max", "max<0>"});
	assert_cmpuint (sub3.get_n_items (), CompareOperator.EQ, 0);
}

/* SEMANTICS Examples 4.04-4.06, 4.27 */
void test_sub_dispatcher_from_workflow () throws GLib.Error {
	var dsp = make_4_01 ();
	var opts = new Schedula.DispatchOptions ();
	opts.no_call = true;
	var sol = dsp.dispatch (inputs ({"a", "b"}, {0, 0}), null, opts);

	var fwd = sol.get_sub_dispatcher_from_workflow ({"a", "b"});
	assert_cmpstr (model_str (fwd, ModelText.NODES), CompareOperator.EQ, "a:2, b:0, max:1, c:3, min:4, d:5");
	assert_cmpstr (model_str (fwd, ModelText.EDGES), CompareOperator.EQ,
	               "a->max; a->min; b->max; max->c; c->min; min->d");
	assert_cmpstr (model_str (fwd, ModelText.DEFAULTS), CompareOperator.EQ, "b=3");

	/* the same through the dispatcher (its last solution) */
	var fwd2 = dsp.get_sub_dispatcher_from_workflow ({"a", "b"});
	assert_cmpstr (model_str (fwd2, ModelText.NODES), CompareOperator.EQ, "a:2, b:0, max:1, c:3, min:4, d:5");

	var rev = sol.get_sub_dispatcher_from_workflow ({"c"}, Schedula.SubDispatcherFlags.REVERSE);
	assert_cmpstr (model_str (rev, ModelText.NODES), CompareOperator.EQ, "c:3, max:1, a:2, b:0");
	assert_cmpstr (model_str (rev, ModelText.EDGES), CompareOperator.EQ, "max->c; a->max; b->max");

	var missing = sol.get_sub_dispatcher_from_workflow ({"c"}, Schedula.SubDispatcherFlags.ADD_MISSING);
	assert_cmpstr (model_str (missing, ModelText.NODES), CompareOperator.EQ, "c:3, min:4, a:2, d:5");
	assert_cmpstr (model_str (missing, ModelText.DEFAULTS), CompareOperator.EQ, "");

	var nocheck = sol.get_sub_dispatcher_from_workflow ({"a"}, Schedula.SubDispatcherFlags.NO_CHECK_INPUTS);
	assert_cmpstr (model_str (nocheck, ModelText.NODES), CompareOperator.EQ, "a:2, max:1, min:4, c:3, d:5");

	/* on the model, reverse, with blockers (flags combine) */
	var flags = Schedula.SubDispatcherFlags.USE_MODEL | Schedula.SubDispatcherFlags.REVERSE;
	var s1 = dsp.get_sub_dispatcher_from_workflow ({"d"}, flags, {"c"}, Schedula.Wildcard.OFF);
	assert_cmpstr (model_str (s1, ModelText.NODES), CompareOperator.EQ, "d:5, min:4, a:2, c:3, max<0>:7, b:0");
	var s2 = dsp.get_sub_dispatcher_from_workflow ({"d"}, flags, {"c", "d"}, Schedula.Wildcard.OFF);
	assert_cmpstr (model_str (s2, ModelText.NODES), CompareOperator.EQ, "d:5");
	var s3 = dsp.get_sub_dispatcher_from_workflow ({"d"}, flags, {"c", "d"}, Schedula.Wildcard.ON);
	assert_cmpstr (model_str (s3, ModelText.NODES), CompareOperator.EQ, "d:5, min:4, a:2, c:3, max<0>:7, b:0");
}

/* The model of SEMANTICS Examples 4.08-4.12 */
Schedula.Dispatcher make_4_08 () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("h", null, {"a", "b"}, {"c"});
	dsp.add_function ("h", null, {"b", "d"}, {"e"});
	dsp.add_function ("h", null, {"d", "e"}, {"c", "f"});
	dsp.add_function ("h", null, {"d", "f"}, {"g"});
	dsp.add_function ("h", null, {"a", "b"}, {"a"});
	return dsp;
}

void test_shrink () throws GLib.Error {
	var dsp = make_4_08 ();

	var s1 = dsp.shrink ({"a", "b", "d"}, {"c", "a", "f"});
	assert_cmpstr (model_str (s1, ModelText.SORTED_IDS), CompareOperator.EQ,
	               "a, b, c, d, e, f, h, h<0>, h<1>, h<3>");
	assert_cmpstr (model_str (s1, ModelText.SORTED_EDGES), CompareOperator.EQ,
	               "a->h, a->h<3>, b->h, b->h<0>, b->h<3>, d->h<0>, d->h<1>, " +
	               "e->h<1>, h->c, h<0>->e, h<1>->f, h<3>->a");
	assert_cmpint (s1.lookup_node ("h<3>").index, CompareOperator.EQ, 11);

	/* outputs only, inputs only, neither */
	var s2 = dsp.shrink (null, {"g"});
	assert_cmpstr (model_str (s2, ModelText.SORTED_IDS), CompareOperator.EQ, "b, d, e, f, g, h<0>, h<1>, h<2>");
	var s3 = dsp.shrink ({"d", "e"}, null);
	assert_cmpstr (model_str (s3, ModelText.SORTED_IDS), CompareOperator.EQ, "c, d, e, f, g, h<1>, h<2>");
	assert_cmpuint (dsp.shrink (null, null, null).get_n_items (), CompareOperator.EQ, 0);

	/* the original is untouched */
	assert_cmpuint (dsp.get_n_items (), CompareOperator.EQ, 12);

	/* SEMANTICS Example 4.16: a sub-dispatcher and inputs_dist */
	var parent = new Schedula.Dispatcher (null);
	var child = new Schedula.Dispatcher (null);
	child.add_function ("h", null, {"a", "b"}, {"c"}).weight = 10;
	child.add_function ("h", null, {"c"}, {"d"});
	child.add_function ("h", null, {"d"}, {"c"});
	parent.add_function ("h", null, {"c"}, {"d"});
	parent.add_dispatcher ("sub_dsp", child, mapping ({"a", "a", "b", "b", "d", "d"}),
	                       mapping ({"c", "c", "a", "b"}));
	var opts = new Schedula.DispatchOptions ();
	opts.set_input_dist ("a", { 0, 20 });
	var shrunk = parent.shrink ({"a", "b"}, null, opts);
	assert_cmpstr (model_str (shrunk, ModelText.SORTED_IDS), CompareOperator.EQ, "a, b, c, d, h, sub_dsp");
	var s = (Schedula.DispatcherNode) shrunk.lookup_node ("sub_dsp");
	assert_cmpuint (s.inputs.get_n_keys (), CompareOperator.EQ, 2);
	assert_null (s.inputs.lookup ("d"));
	assert_cmpstr (model_str (s.child, ModelText.SORTED_EDGES), CompareOperator.EQ, "a->h, b->h, h->c");
	assert_cmpstr (model_str (child, ModelText.SORTED_IDS), CompareOperator.EQ, "a, b, c, d, h, h<0>, h<1>");
}

/* dispatch with the shrink option gives the same values (SEMANTICS 4.3) */
void test_shrink_dispatch () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_add (), {"a", "b"}, {"c"});
	dsp.add_function ("g", fn_double (), {"c"}, {"d"});
	dsp.add_function ("h", fn_inc (), {"x"}, {"y"});
	var plain = new Schedula.DispatchOptions ();
	plain.rm_unused_nodes = true;
	var shrink = new Schedula.DispatchOptions ();
	shrink.rm_unused_nodes = true;
	shrink.shrink = true;

	var s1 = dsp.dispatch (inputs ({"a", "b", "x"}, {1, 2, 3}), {"d"}, plain);
	var s2 = dsp.dispatch (inputs ({"a", "b", "x"}, {1, 2, 3}), {"d"}, shrink);
	/* x is outside what d needs: it comes first, as inputs outside the model */
	assert_cmpstr (sol_str (s1), CompareOperator.EQ, "x=3, a=1, b=2, c=3, d=6");
	assert_cmpstr (sol_str (s2), CompareOperator.EQ, sol_str (s1));
	assert_cmpstr (wf_str (s2, true), CompareOperator.EQ, wf_str (s1, true));
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/ModelOps/get-node", test_get_node);
	add ("/Schedula/Vala/ModelOps/remove-node", test_remove_node);
	add ("/Schedula/Vala/ModelOps/set-default-value", test_set_default_value);
	add ("/Schedula/Vala/ModelOps/copy", test_copy);
	add ("/Schedula/Vala/ModelOps/get-sub-dispatcher", test_get_sub_dispatcher);
	add ("/Schedula/Vala/ModelOps/sub-dispatcher-from-workflow", test_sub_dispatcher_from_workflow);
	add ("/Schedula/Vala/ModelOps/shrink", test_shrink);
	add ("/Schedula/Vala/ModelOps/shrink-dispatch", test_shrink_dispatch);

	return Test.run ();
}
