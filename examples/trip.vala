/* trip.vala: a car trip, nine functions, in Vala
 *
 *   odometer_distance  odometer_start, odometer_end -> distance   (km)
 *   gps_distance       gps_m                        -> distance   (km)
 *   trip_time          departure, arrival           -> time       (h; minutes of the day)
 *   average_speed      distance, time               -> speed      (domain: time > 0)
 *   fuel_used          distance, consumption        -> fuel       (l; consumption 6 l/100 km by default)
 *   co2_intensity      co2, distance                -> co2_per_km (g/km)
 *   emissions, a sub-dispatcher fed fuel as fuel_litres, giving co2_kg as co2
 *   and nox_g as nox:
 *     fuel_mass        fuel_litres -> fuel_kg (0.8 kg/l)
 *     co2_emission     fuel_kg     -> co2_kg  (3.15 kg/kg)
 *     nox_emission     fuel_kg     -> nox_g   (10 g/kg)
 *
 * distance waits for both its estimations and takes their mean. The same
 * model, inputs and output as trip.c, trip.py and trip.js; it exits with a
 * failure status when a result differs from the expected one.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

struct Expected {
	public unowned string id;
	public double value;
	public unowned string unit;
}

/* A formula of the inputs of a node, read as numbers, in order */
delegate double Formula (double[] x);

unowned Schedula.FunctionNode add (Schedula.Dispatcher dsp, string id, owned Formula f, string[] inputs,
                                   string[] outputs) throws Error {
	return dsp.add_function_full (id, (call) => {
		var x = new double[call.get_n_inputs ()];
		for (uint i = 0; i < x.length; i++)
			x[i] = call.get_double (i);
		call.set_output_double (0, f (x));
		return true;
	}, inputs, outputs);
}

/* A mapping of ids: {"from", "to", "from2", "to2"} */
Schedula.Mapping mapping (string[] pairs) {
	var m = new Schedula.Mapping ();
	for (int i = 0; i + 1 < pairs.length; i += 2)
		m.add (pairs[i], pairs[i + 1]);
	return m;
}

/* The inputs of the trip, as a GVariant */
Variant trip (int arrival) {
	return new Variant.parsed ("{'odometer_start': <12000>, 'odometer_end': <12150>, 'gps_m': <152000>, " +
	                           "'departure': <495>, 'arrival': <%i>}", arrival);
}

Schedula.Dispatcher trip_model () throws Error {
	var emissions = new Schedula.Dispatcher ("emissions");
	add (emissions, "fuel_mass", (x) => x[0] * 0.8, {"fuel_litres"}, {"fuel_kg"});
	add (emissions, "co2_emission", (x) => x[0] * 3.15, {"fuel_kg"}, {"co2_kg"});
	add (emissions, "nox_emission", (x) => x[0] * 10, {"fuel_kg"}, {"nox_g"});

	var dsp = new Schedula.Dispatcher ("trip");
	var distance = dsp.add_data ("distance", null);
	distance.wait_inputs = true;
	distance.combiner = new Schedula.Function ("mean", (call) => {
		double sum = 0, x;
		for (uint i = 0; i < call.get_n_inputs (); i++) {
			x = call.get_double (i);
			sum += x;
		}
		call.set_output_double (0, sum / call.get_n_inputs ());
		return true;
	});
	dsp.add_data ("consumption", 6.0);
	add (dsp, "odometer_distance", (x) => x[1] - x[0], {"odometer_start", "odometer_end"}, {"distance"});
	add (dsp, "gps_distance", (x) => x[0] / 1000, {"gps_m"}, {"distance"});
	add (dsp, "trip_time", (x) => (x[1] - x[0]) / 60, {"departure", "arrival"}, {"time"});
	add (dsp, "average_speed", (x) => x[0] / x[1], {"distance", "time"}, {"speed"}).input_domain =
		new Schedula.Function.predicate ("takes_time", (call) => {
			double time;
			time = call.get_double (1);
			return time > 0;
		});
	add (dsp, "fuel_used", (x) => x[0] * x[1] / 100, {"distance", "consumption"}, {"fuel"});
	dsp.add_dispatcher ("emissions", emissions, mapping ({"fuel", "fuel_litres"}),
	                    mapping ({"co2_kg", "co2", "nox_g", "nox"}));
	add (dsp, "co2_intensity", (x) => x[0] * 1000 / x[1], {"co2", "distance"}, {"co2_per_km"});
	return dsp;
}

int main () {
	Expected[] expected = {
		{ "distance", 151.0, "km" }, { "time", 2.5, "h" }, { "speed", 60.4, "km/h" }, { "fuel", 9.06, "l" },
		{ "co2", 22.8312, "kg" }, { "nox", 72.48, "g" }, { "co2_per_km", 151.2, "g/km" },
	};
	try {
		var dsp = trip_model ();
		var findings = dsp.check ();
		print ("check: %u findings\n", findings.get_n_items ());
		bool ok = findings.get_n_items () == 0;

		var values = dsp.dispatch_variant (trip (645), null, null).to_variant ();
		foreach (unowned Expected e in expected) {
			double x = double.NAN;
			values.lookup (e.id, "d", out x);
			print ("%s = %.4f %s\n", e.id, x, e.unit);
			ok = ok && Math.fabs (x - e.value) <= 1e-9 * e.value;
		}

		/* The clock stopped: no time, and the domain of average_speed says no. */
		var stopped = dsp.dispatch_variant (trip (495), null, null);
		print ("arrival = departure: speed %s\n",
		       stopped.contains ("speed") ? "computed" : "not computed (outside the domain)");
		ok = ok && !stopped.contains ("speed") && stopped.contains ("distance");

		print (ok ? "OK\n" : "FAIL: a result differs from the expected one\n");
		return ok ? 0 : 1;
	} catch (Error e) {
		printerr ("trip: %s\n", e.message);
		return 1;
	}
}
