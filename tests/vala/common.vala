/* common.vala: helpers shared by the Vala test programs
 *
 * Linked into every program of tests/vala. The text forms (sol_str,
 * dist_str, wf_str, model_str) are those of tests/test-common.h, so the
 * expectations read the same in C and in Vala.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

namespace SchedulaTest {
	/* A test body that may throw: an unexpected error fails the test with
	 * its domain, code and message. */
	public delegate void Body () throws GLib.Error;

	/* The bodies that add () registered, by test path. GLib.Test.add_func
	 * takes a plain C function (TestFunc has no target), so one function
	 * runs them all and finds the body by the running test's path. Not
	 * the closures of GLib.Test.add_data_func: glib-2.0.vapi of Vala 0.56
	 * writes their C wrapper with a gpointer where GTestDataFunc has a
	 * gconstpointer, an incompatible function pointer in C (and passes the
	 * arguments of g_test_add_data_func_full () in the wrong order). */
	[Compact]
	class Registered {
		public Body body;

		public Registered (owned Body body) {
			this.body = (owned) body;
		}
	}

	GLib.HashTable<string, Registered>? registered = null;

	void run_registered () {
		unowned string path = GLib.Test.get_path ();
		unowned Registered test = registered[path];
		try {
			test.body ();
		} catch (GLib.Error e) {
			GLib.error ("%s: unexpected error %s %d: %s",
			            path, e.domain.to_string (), e.code, e.message);
		}
	}

	public void add (string path, owned Body body) {
		if (registered == null)
			registered = new GLib.HashTable<string, Registered> (str_hash, str_equal);
		registered[path] = new Registered ((owned) body);
		GLib.Test.add_func (path, run_registered);
	}

	/* The error domain of the tests' own failures, thrown from lambdas. */
	public errordomain TestError {
		BANG,
		BOOM
	}

	/* Values ------------------------------------------------------------ */

	public double num (GLib.Value? v) {
		assert (v != null);
		if (v.holds (typeof (int64)))
			return (double) v.get_int64 ();
		if (v.holds (typeof (double)))
			return v.get_double ();
		if (v.holds (typeof (int)))
			return (double) v.get_int ();
		GLib.error ("value of type %s is not a number", v.type_name ());
	}

	/* x as an int64 if like holds one, else as a double */
	public GLib.Value num_like (GLib.Value? like, double x) {
		if (like != null && like.holds (typeof (int64)))
			return (int64) x;
		return x;
	}

	public int64 int_of (GLib.Value? v) {
		assert (v != null);
		assert (v.holds (typeof (int64)));
		return v.get_int64 ();
	}

	/* A short text form of a value: 3, 2.5, 4.0, 'text', NONE, True,
	 * {k: v, ...} for a Schedula.Dict. */
	public string value_str (GLib.Value? v) {
		if (v == null || v.type () == GLib.Type.INVALID)
			return "<unset>";
		if (Schedula.value_holds_none (v))
			return "NONE";
		if (v.holds (typeof (int64)))
			return v.get_int64 ().to_string ();
		if (v.holds (typeof (double))) {
			double d = v.get_double ();
			if (d == (double) (int64) d)
				return "%s.0".printf (((int64) d).to_string ());
			return d.to_string ();
		}
		if (v.holds (typeof (string)))
			return "'%s'".printf (v.get_string ());
		if (v.holds (typeof (bool)))
			return v.get_boolean () ? "True" : "False";
		if (v.holds (typeof (Schedula.Dict))) {
			unowned Schedula.Dict dict = (Schedula.Dict) v.get_boxed ();
			var s = new StringBuilder ("{");
			for (uint i = 0; i < dict.get_size (); i++)
				s.append_printf ("%s%s: %s", i > 0 ? ", " : "", dict.get_key (i),
				                 value_str (dict.get_value (i)));
			s.append_c ('}');
			return s.str;
		}
		return "<%s>".printf (v.type_name ());
	}

	public string distance_str (Schedula.Distance d) {
		if (d.inf == 0)
			return "%g".printf (d.num);
		return "inf(%g, %g)".printf (d.inf, d.num);
	}

	/* inputs ({"a", "b"}, {1, 2}): a table of int64 inputs */
	public GLib.HashTable<string, GLib.Value?> inputs (string[] ids, int64[] values) {
		assert (ids.length == values.length);
		var table = new GLib.HashTable<string, GLib.Value?> (str_hash, str_equal);
		for (int i = 0; i < ids.length; i++)
			table[ids[i]] = values[i];
		return table;
	}

	public GLib.Value none () {
		return Schedula.value_init_none ();
	}

	/* Text forms ------------------------------------------------------- */

	/* The values of a solution, in order: "a=1, b=2" */
	public string sol_str (Schedula.Solution sol) {
		var s = new StringBuilder ();
		var iter = Schedula.SolutionIter ();
		unowned string id;
		unowned GLib.Value? value;

		iter.init (sol);
		while (iter.next (out id, out value))
			s.append_printf ("%s%s=%s", s.len > 0 ? ", " : "", id, value_str (value));
		return s.str;
	}

	/* The distances of a solution, in order: "$START=-1, a=0, f=1" */
	public string dist_str (Schedula.Solution sol) {
		var s = new StringBuilder ();
		foreach (unowned string id in sol.get_distance_ids ()) {
			Schedula.Distance d;
			assert_true (sol.get_distance (id, out d));
			s.append_printf ("%s%s=%s", s.len > 0 ? ", " : "", id, distance_str (d));
		}
		return s.str;
	}

	/* The nodes of the workflow, "$START, a, f", or its edges,
	 * "$START->a=1; a->f=1" (no "=" without a value) */
	public string wf_str (Schedula.Solution sol, bool edges) {
		var wf = sol.get_workflow ();
		var s = new StringBuilder ();
		uint n = edges ? wf.get_n_edges () : wf.get_n_nodes ();

		for (uint i = 0; i < n; i++) {
			if (!edges) {
				s.append_printf ("%s%s", i > 0 ? ", " : "", wf.get_node_id (i));
				continue;
			}
			unowned string from, to;
			unowned GLib.Value? value;
			wf.get_edge (i, out from, out to, out value);
			s.append_printf ("%s%s->%s%s", i > 0 ? "; " : "", from, to,
			                 value != null ? "=" + value_str (value) : "");
		}
		return s.str;
	}

	public enum ModelText {
		NODES,          /* "a:0, f:1": id:index, in list order */
		IDS,            /* "a, f" */
		SORTED_IDS,     /* "a, b, f" */
		EDGES,          /* "a->f; a->g w=2": w= only for weighted edges */
		SORTED_EDGES,   /* "a->f, f->b" */
		DEFAULTS        /* "b=3" */
	}

	/* What the GListModel of a dispatcher says about its nodes */
	public string model_str (Schedula.Dispatcher dsp, ModelText what) {
		string[] items = {};

		for (uint i = 0; i < dsp.get_n_items (); i++) {
			var node = (Schedula.Node) dsp.get_item (i);
			unowned string id = node.id;

			switch (what) {
			case ModelText.NODES:
				items += "%s:%d".printf (id, node.index);
				break;
			case ModelText.IDS:
			case ModelText.SORTED_IDS:
				items += id;
				break;
			case ModelText.DEFAULTS:
				var data = node as Schedula.DataNode;
				if (data != null && data.get_default_value () != null)
					items += "%s=%s".printf (id, value_str (data.get_default_value ()));
				break;
			case ModelText.EDGES:
			case ModelText.SORTED_EDGES:
				foreach (unowned string succ in dsp.dup_successors (id)) {
					double w = -42;
					assert_true (dsp.has_edge (id, succ));
					if (!dsp.get_edge_weight (id, succ, out w)) {
						assert_cmpfloat (w, CompareOperator.EQ, 1.0);
						items += "%s->%s".printf (id, succ);
					} else if (what == ModelText.EDGES) {
						items += "%s->%s w=%g".printf (id, succ, w);
					} else {
						items += "%s->%s".printf (id, succ);
					}
				}
				break;
			}
		}
		if (what == ModelText.SORTED_IDS || what == ModelText.SORTED_EDGES)
			items = sort_strv (items);
		return string.joinv (what == ModelText.EDGES ? "; " : ", ", items);
	}

	/* items sorted by strcmp (an insertion sort: in C, GenericArray.data
	 * is the GPtrArray's gpointer *, which valac hands on uncast where a
	 * gchar ** is wanted, and GenericArray.sort's wrapper of the compare
	 * function drops a const) */
	public string[] sort_strv (string[] items) {
		string[] sorted = {};
		foreach (unowned string item in items) {
			sorted += item;
			for (int i = sorted.length - 1; i > 0 && GLib.strcmp (sorted[i - 1], sorted[i]) > 0; i--) {
				string swap = (owned) sorted[i];
				sorted[i] = (owned) sorted[i - 1];
				sorted[i - 1] = (owned) swap;
			}
		}
		return sorted;
	}

	public string join (string[] strv) {
		return string.joinv (", ", strv);
	}

	/* Dispatching ------------------------------------------------------ */

	public Schedula.Solution dispatch_ok (Schedula.Dispatcher dsp,
	                                      GLib.HashTable<string, GLib.Value?>? inputs = null,
	                                      string[]? outputs = null,
	                                      Schedula.DispatchOptions? options = null) throws GLib.Error {
		var sol = dsp.dispatch (inputs, outputs, options, null);
		assert_nonnull (sol);
		return sol;
	}

	/* The function catalogue of the specification, as Vala lambdas ----- */

	/* add: left fold of + (int64 while every input is an int64) */
	public Schedula.Function fn_add () {
		return new Schedula.Function ("add", (call) => {
			double sum = 0;
			bool ints = true;
			for (uint i = 0; i < call.get_n_inputs (); i++) {
				sum += num (call.get_input (i));
				ints = ints && call.get_input (i).holds (typeof (int64));
			}
			if (ints)
				call.set_output (0, (int64) sum);
			else
				call.set_output (0, sum);
			return true;
		});
	}

	public Schedula.Function fn_inc () {
		return new Schedula.Function ("inc", (call) => {
			assert_cmpuint (call.get_n_inputs (), CompareOperator.EQ, 1);
			unowned GLib.Value? x = call.get_input (0);
			call.set_output (0, num_like (x, num (x) + 1));
			return true;
		});
	}

	public Schedula.Function fn_double () {
		return new Schedula.Function ("double", (call) => {
			unowned GLib.Value? x = call.get_input (0);
			call.set_output (0, num_like (x, num (x) * 2));
			return true;
		});
	}

	public Schedula.Function fn_identity () {
		return new Schedula.Function ("identity", (call) => {
			call.set_output (0, call.get_input (0));
			return true;
		});
	}

	/* min / max: the first of equal values wins */
	public Schedula.Function fn_min () {
		return new Schedula.Function ("min", (call) => {
			uint best = 0;
			for (uint i = 1; i < call.get_n_inputs (); i++)
				if (num (call.get_input (i)) < num (call.get_input (best)))
					best = i;
			call.set_output (0, call.get_input (best));
			return true;
		});
	}

	public Schedula.Function fn_max () {
		return new Schedula.Function ("max", (call) => {
			uint best = 0;
			for (uint i = 1; i < call.get_n_inputs (); i++)
				if (num (call.get_input (i)) > num (call.get_input (best)))
					best = i;
			call.set_output (0, call.get_input (best));
			return true;
		});
	}

	/* split: (x + 1, x - 1) */
	public Schedula.Function fn_split () {
		return new Schedula.Function ("split", (call) => {
			unowned GLib.Value? x = call.get_input (0);
			call.set_output (0, num_like (x, num (x) + 1));
			call.set_output (1, num_like (x, num (x) - 1));
			return true;
		});
	}

	/* const: a string */
	public Schedula.Function fn_const (string text) {
		return new Schedula.Function ("const", (call) => {
			call.set_output (0, text);
			return true;
		});
	}

	/* items_est: a combiner giving 'id=value, ...' sorted by id */
	public Schedula.Function fn_items_est () {
		return new Schedula.Function ("items_est", (call) => {
			string[] items = {};
			for (uint i = 0; i < call.get_n_inputs (); i++) {
				assert_nonnull (call.get_input_id (i));
				items += "%s=%s".printf (call.get_input_id (i), value_str (call.get_input (i)));
			}
			call.set_output (0, string.joinv (", ", sort_strv (items)));
			return true;
		});
	}

	/* gt0: a domain, every input > 0 */
	public Schedula.Function dom_gt0 () {
		return new Schedula.Function ("gt0", (call) => {
			bool ok = true;
			for (uint i = 0; i < call.get_n_inputs (); i++)
				ok = ok && num (call.get_input (i)) > 0;
			call.set_output (0, ok);
			return true;
		});
	}

	/* dict_de_gt29: 'e' and 'd' are given and d + e > 29 */
	public Schedula.Function dom_de_gt29 () {
		return new Schedula.Function ("dict_de_gt29", (call) => {
			double? d = null, e = null;
			for (uint i = 0; i < call.get_n_inputs (); i++) {
				if (call.get_input_id (i) == "d")
					d = num (call.get_input (i));
				else if (call.get_input_id (i) == "e")
					e = num (call.get_input (i));
			}
			call.set_output (0, d != null && e != null && d + e > 29);
			return true;
		});
	}

	/* Mappings from (key, value) pairs: {"d", "a", "e", "b"} */
	public Schedula.Mapping? mapping (string[]? pairs) {
		if (pairs == null)
			return null;
		var m = new Schedula.Mapping ();
		for (int i = 0; i + 1 < pairs.length; i += 2)
			m.add (pairs[i], pairs[i + 1]);
		return m;
	}

	/* The model of SEMANTICS Example 2.46: max (a, b) -> c, and a child
	 * (a default 1, min (a, b) -> c, split (c) -> d, e) as the node sub_dsp
	 * fed d->a and e->b behind the domain dict_de_gt29, giving d->c, e->f */
	public Schedula.Dispatcher make_2_46 (out Schedula.Dispatcher child) throws GLib.Error {
		var dsp = new Schedula.Dispatcher (null);
		child = new Schedula.Dispatcher ("sub_dispatcher");

		child.add_data ("a", (int64) 1);
		child.add_function ("min", fn_min (), {"a", "b"}, {"c"});
		child.add_function ("fun", fn_split (), {"c"}, {"d", "e"});

		dsp.add_function ("max", fn_max (), {"a", "b"}, {"c"});
		var s = dsp.add_dispatcher ("sub_dsp", child, mapping ({"d", "a", "e", "b"}),
		                            mapping ({"d", "c", "e", "f"}));
		s.input_domain = dom_de_gt29 ();
		return dsp;
	}
}
