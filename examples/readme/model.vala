// c = a + b, d = c * 2, with b = 3 by default: dispatch {a: 2}, ask for d.
int main () {
    var dsp = new Schedula.Dispatcher ("model");
    try {
        dsp.add_data ("b", (int64) 3);
        dsp.add_function ("add", new Schedula.Function ("add", (call) => {
            call.set_output (0, call.get_input (0).get_int64 () + call.get_input (1).get_int64 ());
            return true;
        }), {"a", "b"}, {"c"});
        dsp.add_function ("twice", new Schedula.Function ("twice", (call) => {
            call.set_output (0, call.get_input (0).get_int64 () * 2);
            return true;
        }), {"c"}, {"d"});

        var inputs = new HashTable<string, Value?> (str_hash, str_equal);
        inputs["a"] = (int64) 2;
        var sol = dsp.dispatch (inputs, {"d"}, null);
        unowned Value? d = sol.lookup ("d");
        if (d == null || !d.holds (typeof (int64)))
            error ("d was not computed");
        print ("d = %" + int64.FORMAT + "\n", d.get_int64 ());
        return d.get_int64 () == 10 ? 0 : 1;
    } catch (Error e) {
        printerr ("%s\n", e.message);
        return 1;
    }
}
