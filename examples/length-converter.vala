/* length-converter.vala: schedula's length-converter example, in Vala
 *
 * Two unit systems, each a ring of conversion functions:
 *
 *   imperial  lea -> mi -> fur -> ch -> yd -> ft -> in -> th -> lea
 *   metric    km -> m -> dm -> cm -> mm -> km
 *
 * and two functions that bridge them, in -> cm and cm -> in. Any unit given
 * as input reaches every other unit along the shortest path of the model.
 *
 *   length-converter                 the demo: 1 ft in every unit, and
 *                                    1 mi in km; checks both
 *   length-converter VALUE UNIT      VALUE UNIT in every unit
 *   length-converter VALUE UNIT TO   VALUE UNIT in TO only
 *
 * The demo exits with a failure status when a conversion is wrong.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

/* One conversion: to = from * mul / div */
struct Conversion {
	public unowned string name;
	public unowned string from;
	public unowned string to;
	public double mul;
	public double div;
}

/* The tables are functions rather than const arrays: valac's C would pass
 * a const array to a Conversion[] parameter, or point a foreach at it, as
 * a plain pointer, and GCC warns that the const is discarded. */
Conversion[] imperial () {
	return {
		{ "leagues2miles", "lea", "mi", 3, 1 },
		{ "miles2furlongs", "mi", "fur", 8, 1 },
		{ "furlongs2chains", "fur", "ch", 10, 1 },
		{ "chains2yards", "ch", "yd", 22, 1 },
		{ "yards2feet", "yd", "ft", 3, 1 },
		{ "feet2inch", "ft", "in", 12, 1 },
		{ "inch2thou", "in", "th", 1000, 1 },
		{ "thou2leagues", "th", "lea", 1, 19008e4 },
	};
}

Conversion[] metric () {
	return {
		{ "km2m", "km", "m", 1e3, 1 },
		{ "m2dm", "m", "dm", 10, 1 },
		{ "dm2cm", "dm", "cm", 10, 1 },
		{ "cm2mm", "cm", "mm", 10, 1 },
		{ "mm2km", "mm", "km", 1, 1e6 },
	};
}

Conversion[] bridges () {
	return {
		{ "inch2cm", "in", "cm", 2.54, 1 },
		{ "cm2inch", "cm", "in", 1, 2.54 },
	};
}

/* Every unit, with its length in metres: what the demo checks against */
struct Unit {
	public unowned string id;
	public double metres;
}

Unit[] units () {
	return {
		{ "lea", 4828.032 },
		{ "mi", 1609.344 },
		{ "fur", 201.168 },
		{ "ch", 20.1168 },
		{ "yd", 0.9144 },
		{ "ft", 0.3048 },
		{ "in", 0.0254 },
		{ "th", 0.0000254 },
		{ "km", 1000 },
		{ "m", 1 },
		{ "dm", 0.1 },
		{ "cm", 0.01 },
		{ "mm", 0.001 },
	};
}

double to_double (GLib.Value value) throws GLib.Error {
	var d = GLib.Value (typeof (double));
	if (!GLib.Value.type_transformable (value.type (), typeof (double)) || !value.transform (ref d))
		throw new GLib.IOError.INVALID_ARGUMENT ("a length must be a number, not %s", value.type_name ());
	return d.get_double ();
}

Schedula.Function conversion_function (Conversion c) {
	double mul = c.mul;
	double div = c.div;

	return new Schedula.Function (c.name, (call) => {
		call.set_output (0, to_double (call.get_input (0)) * mul / div);
		return true;
	});
}

void add_conversions (Schedula.Dispatcher dsp, Conversion[] conversions) throws GLib.Error {
	foreach (unowned Conversion c in conversions) {
		var node = dsp.add_function (c.name, conversion_function (c), {c.from}, {c.to});
		node.description = "Converts %s to %s.".printf (c.from, c.to);
	}
}

/* The converter: both unit systems in one model, and the bridges */
Schedula.Dispatcher build_converter () throws GLib.Error {
	var dsp = new Schedula.Dispatcher ("LengthConverter");
	add_conversions (dsp, imperial ());
	add_conversions (dsp, metric ());
	add_conversions (dsp, bridges ());
	return dsp;
}

bool is_unit (string id) {
	foreach (unowned Unit u in units ())
		if (u.id == id)
			return true;
	return false;
}

/* Converts value of unit into targets (every unit when null); the solution
 * holds the results */
Schedula.Solution convert (Schedula.Dispatcher dsp, double value, string unit, string[]? targets) throws GLib.Error {
	var inputs = new GLib.HashTable<string, GLib.Value?> (str_hash, str_equal);
	inputs[unit] = value;
	var sol = dsp.dispatch (inputs, targets);
	foreach (unowned string id in sol.get_error_ids ())
		throw new GLib.IOError.FAILED ("%s", sol.dup_error_message (id));
	return sol;
}

void print_solution (Schedula.Solution sol, double value, string unit, string[]? targets) throws GLib.Error {
	foreach (unowned Unit u in units ()) {
		if (u.id == unit || (targets != null && !(u.id in targets)))
			continue;
		unowned GLib.Value? v = sol.lookup (u.id);
		if (v == null)
			throw new GLib.IOError.NOT_FOUND ("no value for %s", u.id);
		stdout.printf ("%g %s = %.10g %s\n", value, unit, to_double (v), u.id);
	}
}

/* The relative difference of x and y is below 1e-9 */
bool nearly_equal (double x, double y) {
	double diff = x > y ? x - y : y - x;
	double scale = x > 0 ? x : -x;
	return diff <= 1e-9 * scale;
}

/* 1 ft in every unit, and 1 mi in km only; checked against units () */
int demo (Schedula.Dispatcher dsp) throws GLib.Error {
	int wrong = 0;

	stdout.printf ("1 ft in every unit:\n");
	var sol = convert (dsp, 1, "ft", null);
	print_solution (sol, 1, "ft", null);
	foreach (unowned Unit u in units ()) {
		double expected = 0.3048 / u.metres;
		double got = to_double (sol.lookup (u.id));
		if (!nearly_equal (got, expected)) {
			stderr.printf ("wrong: 1 ft = %.17g %s, expected %.17g\n", got, u.id, expected);
			wrong++;
		}
	}

	/* with an output, the search stops once it is known */
	stdout.printf ("\n1 mi in km:\n");
	var sol2 = convert (dsp, 1, "mi", {"km"});
	print_solution (sol2, 1, "mi", {"km"});
	double km = to_double (sol2.lookup ("km"));
	if (!nearly_equal (km, 1.609344)) {
		stderr.printf ("wrong: 1 mi = %.17g km, expected 1.609344\n", km);
		wrong++;
	}
	if (sol2.contains ("m") || sol2.contains ("dm")) {
		stderr.printf ("wrong: the search went on after km\n");
		wrong++;
	}

	if (wrong > 0) {
		stderr.printf ("\nFAIL: %d wrong conversions\n", wrong);
		return 1;
	}
	stdout.printf ("\nOK: every conversion is right\n");
	return 0;
}

int main (string[] args) {
	try {
		var dsp = build_converter ();

		if (args.length == 1)
			return demo (dsp);

		double value = 0;
		if (args.length < 3 || args.length > 4 || !double.try_parse (args[1], out value)) {
			stderr.printf ("usage: %s [VALUE UNIT [TO_UNIT]]\n", args[0]);
			return 2;
		}
		for (int i = 2; i < args.length; i++) {
			if (!is_unit (args[i])) {
				stderr.printf ("unknown unit '%s'; the units are lea mi fur ch yd ft in th km m dm cm mm\n", args[i]);
				return 2;
			}
		}
		string[]? targets = args.length == 4 ? new string[] { args[3] } : null;
		var sol = convert (dsp, value, args[2], targets);
		print_solution (sol, value, args[2], targets);
		return 0;
	} catch (GLib.Error e) {
		stderr.printf ("length-converter: %s\n", e.message);
		return 1;
	}
}
