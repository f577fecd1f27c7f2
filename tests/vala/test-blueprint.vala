/* test-blueprint.vala: blueprints from Vala: a model recorded once,
 * registered into independent dispatchers (schedula's BlueDispatcher)
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

using SchedulaTest;

/* a = 1 by default; inc: a -> b; add: a, b -> c */
Schedula.Blueprint basic () {
	var bp = new Schedula.Blueprint ("bp");
	var inc = new Schedula.Function ("inc", (call) => {
		call.set_output (0, int_of (call.get_input (0)) + 1);
		return true;
	});
	var add = new Schedula.Function ("add", (call) => {
		call.set_output (0, int_of (call.get_input (0)) + int_of (call.get_input (1)));
		return true;
	});
	bp.add_data ("a", (int64) 1);
	bp.add_function ("inc", inc, {"a"}, {"b"});
	bp.add_function ("add", add, {"a", "b"}, {"c"});
	return bp;
}

void test_register_twice () throws GLib.Error {
	var bp = basic ();
	assert_cmpuint (bp.get_n_operations (), CompareOperator.EQ, 3);
	assert_cmpuint (bp.n_operations, CompareOperator.EQ, 3);

	var d1 = bp.register ();
	var d2 = bp.register ();
	assert_true (d1 != d2);
	assert_cmpstr (d1.name, CompareOperator.EQ, "bp");

	var sol1 = d1.dispatch (inputs ({"a"}, {5}), {"c"});
	var sol2 = d2.dispatch (inputs ({"a"}, {5}), {"c"});
	assert_cmpint ((int) int_of (sol1.lookup ("c")), CompareOperator.EQ, 11);
	assert_cmpint ((int) int_of (sol2.lookup ("c")), CompareOperator.EQ, 11);

	/* a change to the first leaves the second alone */
	d1.set_default_value ("a", (int64) 10, null);
	var sol3 = d1.dispatch (inputs ({}, {}), {"c"});
	var sol4 = d2.dispatch (inputs ({}, {}), {"c"});
	assert_cmpint ((int) int_of (sol3.lookup ("c")), CompareOperator.EQ, 21);
	assert_cmpint ((int) int_of (sol4.lookup ("c")), CompareOperator.EQ, 3);
}

void test_children () throws GLib.Error {
	var child = new Schedula.Blueprint ("child");
	child.add_function ("double", new Schedula.Function ("double", (call) => {
		call.set_output (0, int_of (call.get_input (0)) * 2);
		return true;
	}), {"i"}, {"o"});
	var bp = basic ();
	var in1 = new Schedula.Mapping ();
	in1.add ("c", "i");
	var out1 = new Schedula.Mapping ();
	out1.add ("o", "d");
	bp.add_blueprint ("s1", child, in1, out1);
	bp.add_blueprint ("s2", child, in1, null);

	var d1 = bp.register ();
	var d2 = bp.register ();
	var c1 = ((Schedula.DispatcherNode) d1.lookup_node ("s1")).get_child ();
	assert_true (c1 == ((Schedula.DispatcherNode) d1.lookup_node ("s2")).get_child ());
	assert_true (c1 != ((Schedula.DispatcherNode) d2.lookup_node ("s1")).get_child ());
	var sol = d2.dispatch (inputs ({"a"}, {1}), {"d"});
	assert_cmpint ((int) int_of (sol.lookup ("d")), CompareOperator.EQ, 6);

	/* extend and register_into */
	var ext = new Schedula.Blueprint ("ext");
	ext.extend (bp);
	var target = new Schedula.Dispatcher ("target");
	ext.register_into (target);
	assert_cmpstr (target.name, CompareOperator.EQ, "target");
	var sol2 = target.dispatch (inputs ({"a"}, {1}), {"d"});
	assert_cmpint ((int) int_of (sol2.lookup ("d")), CompareOperator.EQ, 6);
}

void test_errors () throws GLib.Error {
	var bp = basic ();
	bp.add_function ("f", null, {"a"}, {"add"});
	try {
		bp.register ();
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true (e.message.has_prefix ("blueprint 'bp', operation 3 (add_function 'f'): "));
	}

	var self_bp = new Schedula.Blueprint ("self");
	self_bp.add_blueprint ("me", self_bp, null, null);
	try {
		self_bp.register ();
		assert_not_reached ();
	} catch (Schedula.DispatchError.INVALID_INPUT e) {
		assert_true ("blueprint 'self' contains itself" in e.message);
	}
	self_bp.dispose ();   /* the cycle of references */
}

int main (string[] args) {
	Test.init (ref args);

	add ("/Schedula/Vala/Blueprint/register-twice", test_register_twice);
	add ("/Schedula/Vala/Blueprint/children", test_children);
	add ("/Schedula/Vala/Blueprint/errors", test_errors);

	return Test.run ();
}
