/* test-io.vala: model files from Vala (issue 10, libschedula-glib/io): a
 * model with Vala functions saved to bytes and to a file and loaded back
 * with a FunctionRegistry that holds the functions; default values and
 * maps; the asynchronous stream pair with yield in a MainLoop; the errors,
 * caught by their ModelFileError code (line and column, the name of a
 * missing function, references not allowed).
 *
 * Every loaded model must dispatch as the model saved: the same values,
 * distances and workflow, with the Vala functions of the registry.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* The calls of the functions below: a loaded model must call them */
uint n_calls = 0;

/* inc, double and add over int64s, counting their calls */
Schedula.Function counted (string name) {
	return new Schedula.Function (name, (call) => {
		n_calls++;
		int64 x = call.get_int64 (0);
		if (name == "inc")
			call.set_output_int64 (0, x + 1);
		else if (name == "double")
			call.set_output_int64 (0, 2 * x);
		else
			call.set_output_int64 (0, x + call.get_int64 (1));
		return true;
	});
}

Schedula.Function f_inc;
Schedula.Function f_double;
Schedula.Function f_add;

/* a (default 1) -> inc -> b; b, c -> add -> d; the sub-dispatcher s
 * (child: x -> double -> y) maps b to x and y to e */
Schedula.Dispatcher io_model () throws GLib.Error {
	var child = new Schedula.Dispatcher ("child");
	child.add_function (null, f_double, {"x"}, {"y"});
	var dsp = new Schedula.Dispatcher ("model");
	dsp.add_data ("a", (int64) 1);
	dsp.add_function (null, f_inc, {"a"}, {"b"});
	dsp.add_function (null, f_add, {"b", "c"}, {"d"});
	var ins = new Schedula.Mapping ();
	ins.add ("b", "x");
	var outs = new Schedula.Mapping ();
	outs.add ("y", "e");
	dsp.add_dispatcher ("s", child, ins, outs);
	return dsp;
}

/* A registry of the functions, by their names; without one named @without */
Schedula.FunctionRegistry registry (string? without = null) {
	var r = new Schedula.FunctionRegistry ();
	foreach (var f in new Schedula.Function[] {f_inc, f_double, f_add}) {
		if (f.get_name () != without)
			r.add (null, f);
	}
	return r;
}

/* What a dispatch of c=2 gives, as text, with the calls it made */
string outcome (Schedula.Dispatcher dsp) throws GLib.Error {
	uint before = n_calls;
	var sol = dispatch_ok (dsp, inputs ({"c"}, {2}));
	return "%s | %s | %s | %u calls".printf (sol_str (sol), dist_str (sol), wf_str (sol, true),
	                                         n_calls - before);
}

string text_of (GLib.Bytes bytes) {
	uint8[] text = GLib.Bytes.unref_to_data (new GLib.Bytes.from_bytes (bytes, 0, bytes.get_size ()));
	text += 0;
	return (string) text;
}

GLib.Bytes bytes_of (string text) {
	return new GLib.Bytes (text.data);
}

/* @e is a ModelFileError of @code whose message has @part */
void assert_file_error (GLib.Error e, int code, string part) {
	assert_error (e, Schedula.ModelFileError.quark (), code);
	if (!(part in e.message))
		GLib.error ("\"%s\" is not in the message: %s", part, e.message);
}

void test_bytes () throws GLib.Error {
	var dsp = io_model ();
	var saved = dsp.save_to_bytes ();
	assert_true ("\"function\" : \"inc\"" in text_of (saved));

	var loaded = new Schedula.Dispatcher.from_bytes (saved, registry (), Schedula.LoadFlags.NONE);
	string expected = outcome (dsp);
	assert_true (expected.has_prefix ("a=1, c=2, b=2, d=4, e=4 | "));
	assert_true (expected.has_suffix (" | 3 calls"));
	assert_cmpstr (outcome (loaded), CompareOperator.EQ, expected);
	assert_cmpstr (loaded.get_name (), CompareOperator.EQ, "model");
	assert_cmpstr (model_str (loaded, ModelText.NODES), CompareOperator.EQ, model_str (dsp, ModelText.NODES));
	assert_cmpstr (text_of (loaded.save_to_bytes ()), CompareOperator.EQ, text_of (saved));
}

void test_files () throws GLib.Error {
	var dsp = io_model ();
	string dir = GLib.DirUtils.make_tmp ("schedula-io-vala-XXXXXX");
	string path = GLib.Path.build_filename (dir, "model.json");
	var file = GLib.File.new_for_path (path);

	assert_true (dsp.save_to_file (path));
	var contents = file.load_bytes ();
	assert_cmpstr (text_of (contents), CompareOperator.EQ, text_of (dsp.save_to_bytes ()));
	var loaded = new Schedula.Dispatcher.from_file (path, registry (), Schedula.LoadFlags.NONE);
	assert_cmpstr (outcome (loaded), CompareOperator.EQ, outcome (dsp));

	/* a file written with GIO */
	string copy = GLib.Path.build_filename (dir, "copy.json");
	var stream = GLib.File.new_for_path (copy).replace (null, false, GLib.FileCreateFlags.NONE);
	stream.write_bytes (contents);
	stream.close ();
	loaded = new Schedula.Dispatcher.from_file (copy, registry (), Schedula.LoadFlags.NONE);
	assert_cmpstr (outcome (loaded), CompareOperator.EQ, outcome (dsp));

	file.delete ();
	GLib.FileUtils.unlink (copy);
	GLib.DirUtils.remove (dir);
}

void test_default_values () throws GLib.Error {
	var dsp = io_model ();
	dsp.add_data ("c", (int64) 5);
	var saved = dsp.save_default_values_to_bytes ();

	var target = io_model ();
	target.set_default_value ("a", (int64) 40);
	target.raises = Schedula.Raises.RAISE;
	assert_cmpstr (model_str (target, ModelText.DEFAULTS), CompareOperator.EQ, "a=40");
	assert_true (target.load_default_values_from_bytes (saved, Schedula.LoadFlags.NONE));
	/* the defaults of the file and only those; re-initialised */
	assert_cmpstr (model_str (target, ModelText.DEFAULTS), CompareOperator.EQ, "a=1, c=5");
	assert_cmpstr (target.get_name (), CompareOperator.EQ, "");
	assert_true (target.raises == Schedula.Raises.RECORD);
	assert_cmpstr (sol_str (dispatch_ok (target)), CompareOperator.EQ, sol_str (dispatch_ok (dsp)));

	/* a bad file leaves it as it was */
	try {
		target.load_default_values_from_bytes (bytes_of ("{\"format\": 1"), Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError.PARSE e) {
		assert_true ("<data>:1:13" in e.message);
	}
	assert_cmpstr (model_str (target, ModelText.DEFAULTS), CompareOperator.EQ, "a=1, c=5");
}

void test_map () throws GLib.Error {
	var dsp = io_model ();
	var saved = dsp.save_map_to_bytes ();
	assert_false ("\"default\"" in text_of (saved));

	var target = new Schedula.Dispatcher ("target");
	target.add_data ("c", (int64) 7);
	target.add_data ("z", (int64) 9);
	assert_true (target.load_map_from_bytes (saved, registry (), Schedula.LoadFlags.NONE));
	assert_cmpstr (model_str (target, ModelText.NODES), CompareOperator.EQ, model_str (dsp, ModelText.NODES));
	assert_cmpstr (model_str (target, ModelText.SORTED_EDGES), CompareOperator.EQ,
	               model_str (dsp, ModelText.SORTED_EDGES));
	/* its default of c, a node of the map, and not the model's a */
	assert_cmpstr (model_str (target, ModelText.DEFAULTS), CompareOperator.EQ, "c=7");
	assert_cmpstr (target.get_name (), CompareOperator.EQ, "");
	assert_cmpstr (sol_str (dispatch_ok (target, inputs ({"a"}, {1}))), CompareOperator.EQ,
	               sol_str (dispatch_ok (dsp, inputs ({"c"}, {7}))));

	/* the functions of its sub-dispatchers come from the registry too */
	try {
		new Schedula.Dispatcher ("other").load_map_from_bytes (saved, registry ("double"),
		                                                       Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError e) {
		assert_file_error (e, Schedula.ModelFileError.UNKNOWN_FUNCTION, "no function named double");
	}
}

/* The async pair: saved to a memory stream and read back with yield. It
 * begins before the loop runs: the code after each yield runs in the loop,
 * so no call completed at once. */
async void streams (MainLoop loop, Schedula.Dispatcher dsp, out Schedula.Dispatcher loaded,
                    out GLib.Bytes written) throws GLib.Error {
	var out_stream = new MemoryOutputStream.resizable ();
	assert_false (loop.is_running ());
	assert_true (yield dsp.save_to_stream_async (out_stream, null));
	assert_true (loop.is_running ());
	out_stream.close ();
	written = out_stream.steal_as_bytes ();

	var in_stream = new MemoryInputStream.from_bytes (written);
	loaded = yield new Schedula.Dispatcher.from_stream_async (in_stream, registry (), Schedula.LoadFlags.NONE,
	                                                           null);
	assert_true (loop.is_running ());

	try {
		var bad = new MemoryInputStream.from_bytes (bytes_of ("{\n  \"format\": }"));
		var none = yield new Schedula.Dispatcher.from_stream_async (bad, registry (), Schedula.LoadFlags.NONE,
		                                                             null);
		assert_null (none);
		assert_not_reached ();
	} catch (Schedula.ModelFileError.PARSE e) {
		assert_true ("<stream>:2:13" in e.message);
		assert_true (loop.is_running ());
	}
}

void test_streams () throws GLib.Error {
	var dsp = io_model ();
	var loop = new MainLoop ();
	Schedula.Dispatcher? loaded = null;
	GLib.Bytes? written = null;
	GLib.Error? error = null;

	streams.begin (loop, dsp, (source, result) => {
		try {
			streams.end (result, out loaded, out written);
		} catch (GLib.Error e) {
			error = e.copy ();
		}
		loop.quit ();
	});
	loop.run ();
	if (error != null)
		throw error.copy ();
	assert_cmpstr (text_of (written), CompareOperator.EQ, text_of (dsp.save_to_bytes ()));
	assert_cmpstr (outcome (loaded), CompareOperator.EQ, outcome (dsp));
}

void test_errors () throws GLib.Error {
	try {
		new Schedula.Dispatcher.from_bytes (bytes_of ("{\"format\": \"schedula-model/1\",\n  \"content\": model}"),
		                                    registry (), Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError.PARSE e) {
		assert_true ("<data>:2:14" in e.message);
		assert_true ("a value expected" in e.message);
	}

	string dir = GLib.DirUtils.make_tmp ("schedula-io-vala-XXXXXX");
	string path = GLib.Path.build_filename (dir, "bad.json");
	GLib.FileUtils.set_contents (path, "{\n  \"format\": \"schedula-model/1\",\n  \"content\": [1, 2,]\n}");
	try {
		new Schedula.Dispatcher.from_file (path, registry (), Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError e) {
		assert_file_error (e, Schedula.ModelFileError.PARSE, path + ":3:20");
	}
	GLib.FileUtils.unlink (path);
	GLib.DirUtils.remove (dir);

	try {
		new Schedula.Dispatcher.from_bytes (io_model ().save_to_bytes (), registry ("add"), Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError e) {
		assert_file_error (e, Schedula.ModelFileError.UNKNOWN_FUNCTION, "no function named add");
	}

	string? module = Environment.get_variable ("SCHEDULA_TEST_FUNCTIONS");
	if (module == null) {
		Test.message ("SCHEDULA_TEST_FUNCTIONS is not set (meson test sets it): no c: reference");
		return;
	}
	string reference = "c:%s:tf_sum".printf (module);
	var dsp = new Schedula.Dispatcher ("c-refs");
	dsp.add_function ("sum", new Schedula.Function.for_ref (reference), {"a", "b"}, {"c"});
	var saved = dsp.save_to_bytes ();
	try {
		new Schedula.Dispatcher.from_bytes (saved, null, Schedula.LoadFlags.NONE);
		assert_not_reached ();
	} catch (Schedula.ModelFileError e) {
		assert_file_error (e, Schedula.ModelFileError.REF_NOT_ALLOWED, reference);
	}
	var allowed = new Schedula.Dispatcher.from_bytes (saved, null, Schedula.LoadFlags.ALLOW_REFS);
	assert_cmpstr (sol_str (dispatch_ok (allowed, inputs ({"a", "b"}, {1, 2}))), CompareOperator.EQ,
	               sol_str (dispatch_ok (dsp, inputs ({"a", "b"}, {1, 2}))));
}

int main (string[] args) {
	Test.init (ref args);
	f_inc = counted ("inc");
	f_double = counted ("double");
	f_add = counted ("add");

	add ("/Schedula/Vala/IO/bytes", test_bytes);
	add ("/Schedula/Vala/IO/files", test_files);
	add ("/Schedula/Vala/IO/default-values", test_default_values);
	add ("/Schedula/Vala/IO/map", test_map);
	add ("/Schedula/Vala/IO/streams-async", test_streams);
	add ("/Schedula/Vala/IO/errors", test_errors);

	return Test.run ();
}
