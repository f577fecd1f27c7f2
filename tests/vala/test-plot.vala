/* test-plot.vala: plots from Vala (issue 10, libschedula-glib/plot):
 * to_dot () of a model and of a solution, plot () to .dot and .svg files,
 * the pages
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* a -> s (child: x -> f -> y) -> b -> h -> c */
Schedula.Dispatcher plotted_model () throws GLib.Error {
	var child = new Schedula.Dispatcher ("child");
	child.add_function ("f", fn_inc (), {"x"}, {"y"});
	var dsp = new Schedula.Dispatcher ("parent");
	dsp.add_data ("a", (int64) 1);
	var ins = new Schedula.Mapping ();
	ins.add ("a", "x");
	var outs = new Schedula.Mapping ();
	outs.add ("y", "b");
	dsp.add_dispatcher ("s", child, ins, outs);
	dsp.add_function ("h", fn_double (), {"b"}, {"c"});
	return dsp;
}

void test_to_dot () throws GLib.Error {
	var dsp = plotted_model ();
	string dot = dsp.to_dot (null);
	assert_true (dot.has_prefix ("digraph dmap {\n"));
	assert_true ("shape=note, style=\"filled\", fillcolor=\"#c6c6c6\"" in dot);
	assert_true ("<TD COLSPAN=\"2\" BORDER=\"0\">h</TD>" in dot);

	var options = new Schedula.PlotOptions ();
	options.layout = Schedula.PlotLayout.CLUSTERS;
	assert_true ("subgraph cluster_1 {" in dsp.to_dot (options));

	/* a solution: its workflow, with the values of its data nodes. (A
	 * value function, set_value_func (), needs the vapi to declare its
	 * GValue const: PlotValueFunc.value in bindings/vala's metadata.) */
	var sol = dispatch_ok (dsp, inputs ({"a"}, {2}));
	options = new Schedula.PlotOptions ();
	options.rows = Schedula.PlotRows.STANDARD | Schedula.PlotRows.VALUE;
	dot = sol.to_dot (options);
	assert_true (dot.has_prefix ("digraph workflow {\n"));
	assert_true (">output</TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" BORDER=\"1\">6</TD>" in dot);
	assert_cmpstr (Schedula.plot_format_value ((int64) 6), CompareOperator.EQ, "6");
	assert_cmpstr (options.format_value (2.5), CompareOperator.EQ, "2.5");
}

void test_plot_files () throws GLib.Error {
	var dsp = plotted_model ();
	string dir = GLib.DirUtils.make_tmp ("schedula-plot-vala-XXXXXX");
	string dot_path = GLib.Path.build_filename (dir, "model.dot");
	string svg_path = GLib.Path.build_filename (dir, "model.svg");
	string text;

	assert_true (dsp.plot (dot_path, null));
	GLib.FileUtils.get_contents (dot_path, out text);
	assert_cmpstr (text, CompareOperator.EQ, dsp.to_dot (null));

	if (Schedula.HAS_GRAPHVIZ != 0) {
		assert_true (dsp.plot (svg_path, null));
		GLib.FileUtils.get_contents (svg_path, out text);
		assert_true ("<svg" in text);
		GLib.FileUtils.unlink (svg_path);
	} else {
		try {
			dsp.plot (svg_path, null);
			assert_not_reached ();
		} catch (GLib.IOError.NOT_SUPPORTED e) {
		}
	}

	try {
		dsp.plot (GLib.Path.build_filename (dir, "model.png"), null);
		assert_not_reached ();
	} catch (GLib.IOError.INVALID_ARGUMENT e) {
		assert_true ("model.png" in e.message);
	}

	var sol = dispatch_ok (dsp, inputs ({"a"}, {2}));
	assert_true (sol.plot (dot_path, null));
	GLib.FileUtils.get_contents (dot_path, out text);
	assert_cmpstr (text, CompareOperator.EQ, sol.to_dot (null));
	GLib.FileUtils.unlink (dot_path);
	GLib.DirUtils.remove (dir);
}

void test_pages () throws GLib.Error {
	var plot = new Schedula.PlotMap.for_dispatcher (plotted_model (), null);
	assert_cmpuint (plot.get_n_items (), CompareOperator.EQ, 2);
	var page = plot.get_root ().dup_child ("s");
	assert_nonnull (page);
	assert_cmpstr (join (page.get_path ()), CompareOperator.EQ, "parent, s");
	assert_cmpstr (join (page.dup_node_ids ()), CompareOperator.EQ, "f, x, y");
	assert_cmpstr (page.dup_parent ().get_name (), CompareOperator.EQ, "parent");
	assert_cmpstr (page.get_label (), CompareOperator.EQ, "dmap");
	assert_true (page.to_dot ().has_prefix ("digraph dmap {\n"));
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Plot/to-dot", test_to_dot);
	add ("/Schedula/Vala/Plot/plot-files", test_plot_files);
	add ("/Schedula/Vala/Plot/pages", test_pages);

	return Test.run ();
}
