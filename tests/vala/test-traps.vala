/* test-traps.vala: what a new user runs into from Vala (issue 8): input
 * domains as predicates, and a domain written the old way; the check of a
 * model and the warnings about typos; int literals and the typed getters of
 * Schedula.Call
 *
 * The expectations are those of the C tests (tests/test-traps.c).
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* odometer: distance = end - start, behind the input domain `domain` */
Schedula.Dispatcher odometer_model (Schedula.Function domain) throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("odometer");
	dsp.add_function_full ("odometer", (call) => {
		double start, end;
		start = call.get_double (0);
		end = call.get_double (1);
		call.set_output_double (0, end - start);
		return true;
	}, {"start", "end"}, {"distance"}).input_domain = domain;
	return dsp;
}

/* The inputs {start, end} as a table (double literals: gdouble values) */
HashTable<string, Value?> odometer (double start, double end) {
	var table = new HashTable<string, Value?> (str_hash, str_equal);
	table["start"] = start;
	table["end"] = end;
	return table;
}

/* Input domains ------------------------------------------------------------- */

/* A lambda that returns the verdict, made with Function.predicate */
void test_domain_predicate () throws GLib.Error {
	var trip_ok = new Schedula.Function.predicate ("trip_ok", (call) => {
		double start, end;
		start = call.get_double (0);
		end = call.get_double (1);
		return end >= start;
	});
	var dsp = odometer_model (trip_ok);

	var in_domain = dsp.dispatch (odometer (10, 25.5));
	assert_cmpfloat (in_domain.lookup ("distance").get_double (), CompareOperator.EQ, 15.5);
	var out_of_domain = dsp.dispatch (odometer (30, 25.5));
	assert_false (out_of_domain.contains ("distance"));
	assert_cmpuint (out_of_domain.get_n_errors (), CompareOperator.EQ, 0);

	/* from a GVariant, integers and doubles */
	var sol = dsp.dispatch_variant (new Variant.parsed ("{'start': <10>, 'end': <25.5>}"), null, null);
	assert_cmpint ((int) int_of (sol.lookup ("start")), CompareOperator.EQ, 10);
	assert_cmpfloat (sol.lookup ("distance").get_double (), CompareOperator.EQ, 15.5);
	sol = dsp.dispatch_variant (new Variant.parsed ("{'start': <30>, 'end': <25.5>}"), null, null);
	assert_false (sol.contains ("distance"));

	/* a predicate that throws fails the dispatch with its error */
	var throwing = new Schedula.Function.predicate ("trip_ok", (call) => {
		throw new TestError.BANG ("no odometer");
	});
	try {
		odometer_model (throwing).dispatch (odometer (10, 25.5));
		assert_not_reached ();
	} catch (TestError.BANG e) {
		assert_cmpstr (e.message, CompareOperator.EQ, "input domain of odometer failed: no odometer");
	}
}

/* The same lambda in a plain Function: its true means "the call worked" and
 * sets no verdict, its false is a failure without an error. Both fail the
 * dispatch with an error that says to use new_predicate, never silence. */
void test_domain_written_the_old_way () throws GLib.Error {
	var wrong = new Schedula.Function ("trip_ok", (call) => {
		double start, end;
		start = call.get_double (0);
		end = call.get_double (1);
		return end >= start;
	});
	var dsp = odometer_model (wrong);

	try {
		dsp.dispatch (odometer (10, 25.5));
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_MODEL e) {
		assert_true (e.message.has_prefix ("input domain of odometer failed: trip_ok gave no verdict"));
		assert_true ("new_predicate" in e.message);
	}
	try {
		dsp.dispatch (odometer (30, 25.5));
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_MODEL e) {
		assert_true ("trip_ok returned false without an error" in e.message);
		assert_true ("new_predicate" in e.message);
	}
	assert_false (dsp.get_solution ().contains ("distance"));
}

/* Typos ----------------------------------------------------------------------- */

/* A trip whose emissions child is fed km as dist_kn, a typo of dist_km */
Schedula.Dispatcher typo_model () throws GLib.Error {
	var emissions = new Schedula.Dispatcher ("emissions");
	emissions.add_function ("co2", fn_double (), {"fuel_l"}, {"co2_g"});
	emissions.add_function ("pm", fn_inc (), {"dist_km"}, {"pm_g"});
	var dsp = new Schedula.Dispatcher ("trip");
	dsp.add_dispatcher ("emissions", emissions, mapping ({"fuel", "fuel_l", "km", "dist_kn"}),
	                    mapping ({"co2_g", "co2", "pm_g", "pm"}));
	return dsp;
}

void test_check_mapping_typo () throws GLib.Error {
	var dsp = typo_model ();
	var findings = dsp.check ();
	string[] missing = {};
	string[] unreachable = {};

	for (uint i = 0; i < findings.get_n_items (); i++) {
		var finding = (Schedula.Finding) findings.get_item (i);
		var path = string.joinv ("/", finding.get_path ());
		if (finding.get_kind () == Schedula.FindingKind.MISSING_MAPPING_TARGET)
			missing += "%s: %s".printf (path, finding.get_message ());
		else if (finding.get_kind () == Schedula.FindingKind.UNREACHABLE)
			unreachable += path;
	}
	assert_cmpint (missing.length, CompareOperator.EQ, 1);
	assert_cmpstr (missing[0], CompareOperator.EQ,
	               "emissions: sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn");
	/* and what the typo leaves unreachable in the child */
	assert_cmpint (unreachable.length, CompareOperator.EQ, 3);
	assert_true ("emissions/dist_km" in unreachable);
	assert_true ("emissions/pm" in unreachable);
	assert_true ("emissions/pm_g" in unreachable);
	assert_cmpuint (new Schedula.Dispatcher ("clean").check ().get_n_items (), CompareOperator.EQ, 0);

	/* the first dispatch warns about the mapping, once per model version,
	 * and works */
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_WARNING,
	                     "sub-dispatcher node emissions maps km to dist_kn, but emissions has no node dist_kn");
	var sol = dsp.dispatch (inputs ({"fuel", "km"}, {2, 10}));
	Test.assert_expected_messages ();
	assert_cmpint ((int) int_of (sol.lookup ("co2")), CompareOperator.EQ, 4);
	assert_false (sol.contains ("pm"));
	sol = dsp.dispatch (inputs ({"fuel", "km"}, {2, 10}));
	assert_cmpint ((int) int_of (sol.lookup ("co2")), CompareOperator.EQ, 4);
}

/* An output that is not a node: a warning that names it, once per dispatch,
 * and the dispatch works */
void test_unknown_output_warns () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("trip");
	dsp.add_function ("f", fn_inc (), {"a"}, {"b"});

	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_WARNING,
	                     "dispatch of trip: speed_mph, zz are not a node of the model, so it is never computed");
	var sol = dsp.dispatch (inputs ({"a"}, {1}), {"b", "speed_mph", "zz"});
	Test.assert_expected_messages ();
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2");

	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_WARNING,
	                     "dispatch of trip: speed_mph is not a node of the model, so it is never computed");
	sol = dsp.dispatch_variant (new Variant.parsed ("{'a': <1>}"), {"b", "speed_mph"}, null);
	Test.assert_expected_messages ();
	assert_cmpstr (sol_str (sol), CompareOperator.EQ, "a=1, b=2");
}

/* Numbers --------------------------------------------------------------------- */

/* A Vala int literal is a gint value; it reaches functions, defaults and the
 * solution as a gint64, and the getters read every number */
void test_int_literals () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("numbers");
	string[] seen = {};

	dsp.add_data ("b", 3);
	assert_true (((Schedula.DataNode) dsp.lookup_node ("b")).get_default_value ().holds (typeof (int64)));
	dsp.add_function_full ("read_all", (call) => {
		for (uint i = 0; i < call.get_n_inputs (); i++) {
			double d;
			int64 n;
			d = call.get_double (i);
			n = call.get_int64 (i);
			seen += "%s:%s:%g:%s".printf (call.get_input_id (i), call.get_input (i).type_name (), d,
			                              n.to_string ());
		}
		int64 b;
		b = call.get_int64 (1);
		call.set_output_int64 (0, b * 2);
		return true;
	}, {"a", "b", "c", "d", "e", "f"}, {"g"});

	var table = new HashTable<string, Value?> (str_hash, str_equal);
	table["a"] = 2;
	table["c"] = (uint8) 7;
	table["d"] = (long) 8;
	table["e"] = (float) 4.0;
	table["f"] = 5.0;
	assert_true (table["a"].holds (typeof (int)));
	var sol = dsp.dispatch (table);

	assert_cmpstr (join (seen), CompareOperator.EQ,
	               "a:gint64:2:2, b:gint64:3:3, c:gint64:7:7, d:gint64:8:8, e:gdouble:4:4, f:gdouble:5:5");
	/* the solution holds them as gint64 and gdouble too */
	foreach (unowned string id in new string[] {"a", "b", "c", "d", "g"})
		assert_true (sol.lookup (id).holds (typeof (int64)));
	foreach (unowned string id in new string[] {"e", "f"})
		assert_true (sol.lookup (id).holds (typeof (double)));
	assert_cmpint ((int) int_of (sol.lookup ("g")), CompareOperator.EQ, 6);
}

/* get_int64 of a double that is not integral: an error naming the node */
void test_get_int64_not_integral () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("numbers");
	dsp.add_function_full ("twice", (call) => {
		int64 x;
		x = call.get_int64 (0);
		call.set_output_int64 (0, x * 2);
		return true;
	}, {"x"}, {"y"});

	var table = new HashTable<string, Value?> (str_hash, str_equal);
	table["x"] = 21;
	assert_cmpint ((int) int_of (dsp.dispatch (table).lookup ("y")), CompareOperator.EQ, 42);
	table["x"] = 4.0;
	assert_cmpint ((int) int_of (dsp.dispatch (table).lookup ("y")), CompareOperator.EQ, 8);

	table["x"] = 2.5;
	/* the failure is logged, as schedula logs it, once failures are logged */
	Schedula.set_log_failures (true);
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_MESSAGE, "Failed DISPATCHING 'twice'*");
	var sol = dsp.dispatch (table);
	Test.assert_expected_messages ();
	assert_false (sol.contains ("y"));
	unowned GLib.Error? e = sol.get_error ("twice");
	assert (e != null);
	assert_error (e, Schedula.DispatchError.quark (), Schedula.DispatchError.BAD_ARGUMENTS);
	assert_true ("node twice" in e.message);
	assert_true ("2.5" in e.message);

	/* a string is not a number, for either getter */
	table["x"] = "ten";
	Test.expect_message ("Schedula", LogLevelFlags.LEVEL_MESSAGE, "Failed DISPATCHING 'twice'*");
	sol = dsp.dispatch (table);
	Test.assert_expected_messages ();
	assert_cmpstr (sol.get_error ("twice").message, CompareOperator.EQ,
	               "input 0 (x) of node twice is a gchararray, not an integer");
	Schedula.set_log_failures (false);
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Traps/domain-predicate", test_domain_predicate);
	add ("/Schedula/Vala/Traps/domain-written-the-old-way", test_domain_written_the_old_way);
	add ("/Schedula/Vala/Traps/check-mapping-typo", test_check_mapping_typo);
	add ("/Schedula/Vala/Traps/unknown-output-warns", test_unknown_output_warns);
	add ("/Schedula/Vala/Traps/int-literals", test_int_literals);
	add ("/Schedula/Vala/Traps/get-int64-not-integral", test_get_int64_not_integral);

	return Test.run ();
}
