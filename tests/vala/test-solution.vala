/* test-solution.vala: the solution from Vala: values in schedula's order,
 * lookup, the iterator, distances, errors, the workflow with its edge
 * values, the pipe, sub-solutions
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* SEMANTICS Example 3.03 */
Schedula.Solution dispatch_3_03 () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_add (), {"b", "a"}, {"c"});
	var d = dsp.add_data ("d", (int64) 0);
	d.initial_dist = { 0, 5 };
	return dispatch_ok (dsp, inputs ({"zz", "b", "yy", "a"}, {0, 2, 1, 1}));
}

/* Out-of-model inputs first, in id order; then in visit order */
void test_order () throws GLib.Error {
	var sol = dispatch_3_03 ();

	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "yy=1, zz=0, a=1, b=2, c=3, d=0");
	string[] ids = sol.get_ids ();
	assert_cmpstr (join (ids), CompareOperator.EQ, "yy, zz, a, b, c, d");
	assert_cmpuint (sol.get_n_values (), CompareOperator.EQ, 6);
	assert_cmpstr (wf_str (sol, false), CompareOperator.EQ, "$START, a, b, d, f, c");

	/* the iterator gives the same order and the same values as lookup */
	var iter = Schedula.SolutionIter ();
	iter.init (sol);
	unowned string id;
	unowned Value? value;
	int n = 0;
	while (iter.next (out id, out value)) {
		assert_cmpstr (id, CompareOperator.EQ, ids[n]);
		assert_true (value == sol.lookup (id));
		n++;
	}
	assert_cmpint (n, CompareOperator.EQ, 6);
	assert_false (iter.next (out id, out value));

	/* the values as a hash table: the same values, owned by the solution */
	HashTable<weak string, weak Value?> values = sol.get_values ();
	assert_cmpuint (values.size (), CompareOperator.EQ, 6);
	assert_cmpint ((int) int_of (values["c"]), CompareOperator.EQ, 3);
	assert_true (values["yy"] == sol.lookup ("yy"));
	assert_false (values.contains ("f"));
	var keys = values.get_keys ();
	keys.sort (strcmp);
	string[] sorted = {};
	foreach (unowned string k in keys)
		sorted += k;
	assert_cmpstr (join (sorted), CompareOperator.EQ, "a, b, c, d, yy, zz");
}

void test_lookup () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("g", new Schedula.Function ("count_args", (call) => {
		call.set_output (0, (int64) call.get_n_inputs ());
		return true;
	}), {"n"}, {"m"});
	var in = inputs ({"a"}, {1});
	in["n"] = none ();
	in["text"] = "a string";
	var sol = dispatch_ok (dsp, in);

	assert_cmpint ((int) int_of (sol.lookup ("b")), CompareOperator.EQ, 2);
	assert_true (sol.contains ("b"));
	unowned Value? value;
	assert_true (sol.lookup_extended ("b", out value));
	assert_true (value == sol.lookup ("b"));
	assert_cmpstr (sol.lookup ("text").get_string (), CompareOperator.EQ, "a string");

	/* function nodes and unknown ids have no value */
	assert_true (sol.lookup ("f") == null);
	assert_false (sol.contains ("f"));
	assert_false (sol.lookup_extended ("zz", out value));

	/* a NONE input is not stored; the function got no argument */
	assert_false (sol.contains ("n"));
	assert_cmpint ((int) int_of (sol.lookup ("m")), CompareOperator.EQ, 0);
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "text='a string', a=1, b=2, m=0");
}

void test_distances () throws GLib.Error {
	var sol = dispatch_3_03 ();
	assert_cmpstr (join (sol.get_distance_ids ()), CompareOperator.EQ, "$START, a, b, f, c, d");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, b=0, f=1, c=2, d=5");

	Schedula.Distance d;
	assert_true (sol.get_distance (Schedula.START, out d));
	assert_cmpfloat (d.inf, CompareOperator.EQ, 0);
	assert_cmpfloat (d.num, CompareOperator.EQ, -1);
	assert_true (sol.get_distance ("d", out d));
	assert_cmpfloat (d.num, CompareOperator.EQ, 5);
	assert_cmpstr (d.to_string (), CompareOperator.EQ, "5.0");
	assert_false (sol.get_distance ("yy", out d));
	assert_false (sol.is_visited ("yy"));
	assert_true (sol.is_visited ("c"));

	/* SEMANTICS Example 3.04: seen, dist and visited */
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f1", fn_inc (), {"a"}, {"b"});
	var f2 = dsp.add_function ("f2", fn_double (), {"a"}, {"c"});
	f2.weight = 10;
	dsp.add_function ("f3", fn_inc (), {"c"}, {"b"});
	var sol2 = dispatch_ok (dsp, inputs ({"a"}, {1}), {"b"});
	assert_cmpstr (dist_str (sol2), CompareOperator.EQ, "$START=-1, a=0, f1=1, b=2");
	assert_true (sol2.get_seen_distance ("f2", out d));
	assert_cmpfloat (d.num, CompareOperator.EQ, 11);
	assert_false (sol2.is_visited ("f2"));
	assert_false (sol2.get_distance ("f2", out d));
	assert_false (sol2.get_seen_distance ("c", out d));
}

void test_errors () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	var late = dsp.add_function ("late", new Schedula.Function ("boom", (call) => {
		throw new IOError.NOT_FOUND ("boom %d", 42);
	}), {"a"}, {"c"});
	late.weight = 2;
	dsp.add_function ("early", new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang");
	}), {"a"}, {"b"});
	dsp.add_function ("ok", fn_inc (), {"a"}, {"d"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, d=2");
	assert_cmpuint (sol.get_n_errors (), CompareOperator.EQ, 2);
	assert_cmpstr (join (sol.get_error_ids ()), CompareOperator.EQ, "early, late");

	unowned GLib.Error? e = sol.get_error ("early");
	assert_true (e is TestError.BANG);
	assert_cmpstr (e.message, CompareOperator.EQ, "bang");
	e = sol.get_error ("late");
	assert_error (e, IOError.quark (), IOError.NOT_FOUND);
	assert_cmpstr (e.message, CompareOperator.EQ, "boom 42");
	assert (sol.get_error ("ok") == null);
	assert_true (sol.get_error_failure ("early") == Schedula.Failure.DISPATCHING);
	assert_cmpstr (sol.dup_error_message ("late"), CompareOperator.EQ,
	               "Failed DISPATCHING 'late' due to:\n  boom 42");
	assert_null (sol.dup_error_message ("ok"));

	/* the failed nodes are visited, at their distance */
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, early=1, ok=1, d=2, late=3");

	/* errors inside a child are the child solution's */
	var parent = new Schedula.Dispatcher (null);
	var child = new Schedula.Dispatcher ("child");
	parent.raises = Schedula.Raises.RECORD_SILENTLY;
	child.raises = Schedula.Raises.RECORD_SILENTLY;
	child.add_function ("g", new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang");
	}), {"x"}, {"y"});
	parent.add_dispatcher ("s2", child, mapping ({"p", "x"}), mapping ({"y", "q"}));
	/* without mappings, the child's data ids are the parent's */
	var c2 = new Schedula.Dispatcher ("c2");
	c2.add_function ("f", fn_inc (), {"a"}, {"b"});
	var s = parent.add_dispatcher ("sub", c2, null, null);
	s.input_domain = new Schedula.Function ("dom_fail", (call) => {
		throw new IOError.INVALID_DATA ("domain failed");
	});
	var sol2 = dispatch_ok (parent, inputs ({"a", "p"}, {0, 1}));
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=0, p=1");
	assert_cmpuint (sol2.get_n_errors (), CompareOperator.EQ, 1);
	assert_true (sol2.get_error_failure ("sub") == Schedula.Failure.SUB_DSP_DOMAIN);
	assert_cmpstr (sol2.dup_error_message ("sub"), CompareOperator.EQ,
	               "Failed SUB-DSP DOMAIN 'sub' due to:\n  domain failed");
	var sub = sol2.get_sub_solution ("s2");
	assert_cmpstr (join (sub.get_error_ids ()), CompareOperator.EQ, "g");
	assert_true (sub.get_error ("g") is TestError.BANG);
	assert (sol2.get_error ("g") == null);
}

/* SEMANTICS Example 1.06: the workflow, its nodes, edges and edge values */
void test_workflow () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var f = dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	f.weight = 3;
	f.set_input_weight ("a", 2);
	f.set_output_weight ("b", 4);
	dsp.add_function ("g", fn_inc (), {"b"}, {"c"});

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2, c=3");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, f=5, b=9, g=10, c=11");
	assert_cmpstr (wf_str (sol, true), CompareOperator.EQ, "$START->a=1; a->f=1; f->b=2; b->g=2; g->c=3");

	var wf = sol.get_workflow ();
	assert_true (wf.get_solution () == sol);
	assert_cmpuint (wf.get_n_nodes (), CompareOperator.EQ, 6);
	assert_cmpuint (wf.get_n_edges (), CompareOperator.EQ, 5);
	assert_cmpstr (wf.get_node_id (0), CompareOperator.EQ, Schedula.START);
	assert_null (wf.get_model_node (0));
	assert_true (wf.get_model_node (1) == dsp.lookup_node ("a"));
	assert_true (wf.get_model_node (2) == f);
	assert_true (wf.has_node ("g"));
	assert_false (wf.has_node ("zz"));

	unowned string from, to;
	unowned Value? value;
	wf.get_edge (2, out from, out to, out value);
	assert_cmpstr (from, CompareOperator.EQ, "f");
	assert_cmpstr (to, CompareOperator.EQ, "b");
	assert_cmpint ((int) int_of (value), CompareOperator.EQ, 2);
	assert_true (wf.get_edge_value ("b", "g", out value));
	assert_cmpint ((int) int_of (value), CompareOperator.EQ, 2);
	assert_false (wf.get_edge_value ("f", "a", out value));

	assert_cmpstr (join (wf.dup_successors ("a")), CompareOperator.EQ, "f");
	assert_cmpstr (join (wf.dup_predecessors ("b")), CompareOperator.EQ, "f");
	assert_cmpstr (join (wf.dup_predecessors ("a")), CompareOperator.EQ, Schedula.START);
	assert_cmpuint (wf.dup_successors ("zz").length, CompareOperator.EQ, 0);

	/* the results of a function node, after its filters */
	var dsp2 = new Schedula.Dispatcher (null);
	dsp2.add_function ("g", new Schedula.Function ("none_and_inc", (call) => {
		call.set_output (0, none ());
		call.set_output (1, int_of (call.get_input (0)) + 1);
		return true;
	}), {"a"}, {"d", "e"});
	var h = dsp2.add_function ("h", fn_inc (), {"n"}, {"m"});
	h.input_domain = dom_gt0 ();
	var sol2 = dispatch_ok (dsp2, inputs ({"a", "n"}, {1, -1}));
	assert_cmpstr (sol_str (sol2), CompareOperator.EQ, "a=1, n=-1, e=2");
	var wf2 = sol2.get_workflow ();
	unowned Value[]? results = wf2.get_node_results ("g");
	assert_cmpint (results.length, CompareOperator.EQ, 2);
	assert_true (Schedula.value_holds_none (results[0]));
	assert_cmpint ((int) int_of (results[1]), CompareOperator.EQ, 2);
	assert_null (wf2.get_node_results ("h"));
	assert_null (wf2.get_node_results ("a"));
	bool answer = true;
	assert_true (wf2.get_node_domain ("h", out answer));
	assert_false (answer);
	assert_false (wf2.get_node_domain ("g", out answer));
}

/* SEMANTICS Example 2.62: the pipe across a sub-dispatcher */
void test_pipe () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	var child = new Schedula.Dispatcher (null);
	child.add_function ("f", fn_inc (), {"x"}, {"y"});
	dsp.add_dispatcher ("s", child, mapping ({"a", "x"}), mapping ({"y", "b"}));
	var g = dsp.add_function ("g", fn_double (), {"a"}, {"b"});
	g.weight = 1;
	var b = dsp.add_data ("b", null);
	b.wait_inputs = true;
	b.combiner = fn_items_est ();

	var sol = dispatch_ok (dsp, inputs ({"a"}, {1}));
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b='g=2, s=2'");
	assert_cmpstr (dist_str (sol), CompareOperator.EQ, "$START=-1, a=0, s=0, g=2, b=3");
	var sub = sol.get_sub_solution ("s");
	assert_nonnull (sub);

	string[] steps = {};
	for (uint i = 0; i < sol.get_n_pipe_steps (); i++) {
		unowned string id;
		Schedula.Distance d;
		var owner = sol.get_pipe_step (i, out id, out d);
		steps += "%s%s@%s".printf (owner == sub ? "s/" : "", id, distance_str (d));
	}
	assert_cmpstr (join (steps), CompareOperator.EQ, "a@0, s/x@0, s/f@1, s/y@2, g@2, b@3");
	assert_cmpuint (sub.get_n_pipe_steps (), CompareOperator.EQ, 0);
}

/* SEMANTICS Example 2.49: a sub-dispatcher inside a sub-dispatcher */
Schedula.Solution dispatch_2_49 (out Schedula.Dispatcher dsp, out Schedula.Dispatcher child,
                                 out Schedula.Dispatcher grandchild) throws GLib.Error {
	dsp = new Schedula.Dispatcher (null);
	child = new Schedula.Dispatcher ("sub_dispatcher");
	grandchild = new Schedula.Dispatcher ("sub_sub_dispatcher");

	grandchild.add_function ("fun", fn_split (), {"a"}, {"b", "c"});
	grandchild.add_function ("min", fn_min (), {"b", "c"}, {"d"});

	child.add_data ("a", (int64) 1);
	child.add_function ("min", fn_min (), {"a", "b"}, {"c"});
	child.add_dispatcher ("sub_sub_dsp", grandchild, mapping ({"c", "a"}), mapping ({"d", "d"}));
	child.add_function ("fun", fn_split (), {"d"}, {"e", "f"});

	dsp.add_function ("max", fn_max (), {"a", "b"}, {"c"});
	var s = dsp.add_dispatcher ("sub_dsp", child, mapping ({"d", "a", "e", "b"}),
	                            mapping ({"e", "c", "f", "f"}));
	s.input_domain = dom_de_gt29 ();
	return dispatch_ok (dsp, inputs ({"a", "b", "d", "e"}, {3, 5, 10, 20}));
}

void test_sub_solutions () throws GLib.Error {
	Schedula.Dispatcher dsp, child, grandchild;
	var sol = dispatch_2_49 (out dsp, out child, out grandchild);

	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=3, b=5, d=10, e=20, c=5, f=8");
	var sub = sol.get_sub_solution ("sub_dsp");
	assert_cmpstr (sol_str (sub), CompareOperator.EQ, "a=10, b=20, c=10, d=9, e=10, f=8");
	assert_cmpstr (dist_str (sub), CompareOperator.EQ,
	               "$START=-1, a=0, b=0, min=1, c=2, sub_sub_dsp=2, d=6, fun=7, e=8, f=8");
	var subsub = sub.get_sub_solution ("sub_sub_dsp");
	assert_cmpstr (sol_str (subsub), CompareOperator.EQ, "a=10, b=11, c=9, d=9");

	/* the same object each time, also through the workflow */
	assert_true (sol.get_sub_solution ("sub_dsp") == sub);
	assert_true (sol.get_workflow ().get_node_solution ("sub_dsp") == sub);
	assert_null (sol.get_workflow ().get_node_solution ("max"));
	assert_null (sol.get_sub_solution ("max"));

	/* indexes and names */
	unowned int[] index = sol.get_index ();
	assert_cmpint (index.length, CompareOperator.EQ, 1);
	assert_cmpint (index[0], CompareOperator.EQ, -1);
	index = subsub.get_index ();
	assert_cmpint (index.length, CompareOperator.EQ, 3);
	assert_cmpint (index[1], CompareOperator.EQ, 4);
	assert_cmpint (index[2], CompareOperator.EQ, 4);
	assert_cmpuint (strv_length (sol.get_full_name ()), CompareOperator.EQ, 0);
	assert_cmpstr (join (subsub.get_full_name ()), CompareOperator.EQ, "sub_dsp, sub_sub_dsp");

	/* the tree */
	assert_null (sol.get_parent ());
	assert_true (subsub.get_parent () == sub);
	assert_true (sub.get_parent () == sol);
	ListModel all = sol.get_sub_solutions ();
	assert_cmpuint (all.get_n_items (), CompareOperator.EQ, 2);
	assert_true (all.get_item (0) == sub);
	assert_true (all.get_item (1) == subsub);
	assert_cmpuint (subsub.get_sub_solutions ().get_n_items (), CompareOperator.EQ, 0);

	/* each solution is of its own model */
	assert_true (sol.get_dispatcher () == dsp);
	assert_true (sub.dispatcher == child);
	assert_true (subsub.get_dispatcher () == grandchild);
	assert_true (dsp.get_solution () == sol);

	/* values by path, exact or fuzzy */
	string[] real;
	unowned Value? v = sol.lookup_path ({"sub_dsp", "sub_sub_dsp", "d"}, out real);
	assert_cmpint ((int) int_of (v), CompareOperator.EQ, 9);
	assert_cmpstr (join (real), CompareOperator.EQ, "sub_dsp, sub_sub_dsp, d");
	v = sol.lookup_path ({"sub", "sub_sub", "d"}, out real);
	assert_cmpint ((int) int_of (v), CompareOperator.EQ, 9);
	assert_cmpstr (join (real), CompareOperator.EQ, "sub_dsp, sub_sub_dsp, d");
	v = sol.lookup_path ({"sub_dsp", "c"}, null);
	assert_cmpint ((int) int_of (v), CompareOperator.EQ, 10);
	try {
		sol.lookup_path ({"sub_dsp", "zzz"}, null);
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("Path ['sub_dsp', 'zzz'] does not exist" in e.message);
	}
}

/* A solution keeps its values alive, but not its dispatcher, which keeps
 * its last solution instead (schedula's dsp.solution) */
void test_lifetime () throws GLib.Error {
	Schedula.Solution sol;
	var obj = new Object ();
	bool obj_gone = false, dsp_gone = false;
	obj.weak_ref (() => obj_gone = true);
	{
		var dsp = new Schedula.Dispatcher ("m");
		dsp.weak_ref (() => dsp_gone = true);
		dsp.add_function ("g", fn_identity (), {"o"}, {"p"});
		var in = new HashTable<string, Value?> (str_hash, str_equal);
		in["o"] = obj;
		sol = dispatch_ok (dsp, in);
	}
	obj = null;
	assert_false (obj_gone);
	assert_true (dsp_gone);
	assert_true (sol.get_dispatcher () == null);
	assert_true (sol.lookup ("p").get_object () != null);

	var wf = sol.get_workflow ();
	sol = null;
	assert_cmpstr (wf_str (wf.get_solution (), true), CompareOperator.EQ,
	               "$START->o=<GObject>; o->g=<GObject>; g->p=<GObject>");
	wf = null;
	assert_true (obj_gone);
}

/* try_dispatch: the solution of a failed dispatch, with its own error */
void test_try_dispatch () throws GLib.Error {
	var dsp = new Schedula.Dispatcher (null);
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});
	dsp.add_function ("g", new Schedula.Function ("bang", (call) => {
		throw new TestError.BANG ("bang");
	}), {"b"}, {"c"});
	dsp.raises = Schedula.Raises.RAISE;
	var partial = dsp.try_dispatch (inputs ({"a"}, {1}), null, null, null);
	assert_cmpstr (sol_str (partial), CompareOperator.EQ, "a=1, b=2");
	unowned GLib.Error? e = partial.get_dispatch_error ();
	assert_error (e, Schedula.DispatchError.quark (), Schedula.DispatchError.NODE_FAILED);
	try {
		partial.propagate_dispatch_error ();
		assert_not_reached ();
	} catch (Schedula.DispatchError.NODE_FAILED e2) {
		assert_true ("bang" in e2.message);
	}
	dsp.raises = Schedula.Raises.RECORD_SILENTLY;
	var sol = dsp.try_dispatch (inputs ({"a"}, {1}), null, null, null);
	assert (sol.get_dispatch_error () == null);
	sol.propagate_dispatch_error ();
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Solution/order", test_order);
	add ("/Schedula/Vala/Solution/lookup", test_lookup);
	add ("/Schedula/Vala/Solution/distances", test_distances);
	add ("/Schedula/Vala/Solution/errors", test_errors);
	add ("/Schedula/Vala/Solution/workflow", test_workflow);
	add ("/Schedula/Vala/Solution/pipe", test_pipe);
	add ("/Schedula/Vala/Solution/sub-solutions", test_sub_solutions);
	add ("/Schedula/Vala/Solution/lifetime", test_lifetime);
	add ("/Schedula/Vala/Solution/try-dispatch", test_try_dispatch);

	return Test.run ();
}
