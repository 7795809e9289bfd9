import java.lang.reflect.Method;

/**
 * Run by the source launcher with one function jar as the whole classpath: loads a handler, the
 * types of its handleRequest, and builds it with its no-arg constructor as Lambda does. Exit 3 on
 * a class the jar lacks; any other failure (a setting the check does not give) is not its concern.
 */
public class HandlerLoads {
    public static void main(String[] args) throws Exception {
        try {
            var type = Class.forName(args[0], true, HandlerLoads.class.getClassLoader());
            for (Method m : type.getMethods()) {
                if (m.getName().equals("handleRequest")) {
                    m.getGenericParameterTypes();
                    m.getGenericReturnType();
                }
            }
            try {
                type.getConstructor().newInstance();
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof LinkageError linkage) {
                    throw linkage;
                }
                System.out.println("built with an error: " + e.getCause());
            }
            System.out.println("loaded " + args[0]);
        } catch (LinkageError | ClassNotFoundException missing) {
            missing.printStackTrace();
            System.exit(3);
        }
    }
}
